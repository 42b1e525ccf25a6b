D = []
def doc(url, publisher, title, date, text, claims, verdicts=None, not_scored=None):
    D.append(dict(url=url, publisher=publisher, title=title, date=date, text=text.strip('\n'), claims=claims, verdicts=verdicts or {}, not_scored=not_scored or []))

# 1
doc("https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2020/11/yar2020/", "HM Inspectorate of Probation", "Half of youth offending services inspected ‘require improvement’", "2020-11-24", """
Half of youth offending services inspected ‘require improvement’

HM Inspectorate of Probation today (24 November) published its annual report, showing improvements are required in more than half of the 16 youth offending services inspected this year.

Inspectors found inconsistences in performance remain, with assessment of risk of harm again emerging as a key area of concern.

The quality of work with out of court disposals was again found to be worse than for cases sentenced by the court, and worst of all for ‘community resolution’ cases diverted from the formal youth justice system altogether.

At each of the 16 services – amounting to 768 individual cases – inspectors rated 12 aspects of work and awarded an overall performance rating.

The Inspectorate rated:

  • One service ‘Outstanding’
  • Six services ‘Good’
  • Eight services ‘Requires improvement’
  • One service ‘Inadequate’.

Chief Inspector Justin Russell said: “It is disappointing that the overall quality of the youth offending services we have inspected this year is worse than last year, with more than half requiring some improvement.

“Overall, the weakest area of performance across all the cases we inspected is the effective assessment and management of risk of harm – an area on which we place significant emphasis. Given that half of the court cases we inspected involved violent offences, and 85% of young people going through the courts are assessed as presenting some risk of harm, this is not good enough.

“We were also concerned to see a decline in the scores for governance, leadership and management and that work with cases diverted from court remains of poorer quality than those going through the court system.”

Today’s report also outlines how youth offending services are managing the challenges brought by Covid-19.

Mr Russell said: “There is no doubt the impact of Covid-19, on all aspects of youth service provision, has already been profound
""", ["chief_inspector:Justin Russell", "figure:85%"], not_scored=["year tallies: 1 Outstanding, 6 Good, 8 Requires improvement, 1 Inadequate of 16 inspected in 2019/20 (an annual report's year, not the register's current count)"])

# 2
doc("https://www.cypnow.co.uk/content/news/half-of-youth-offending-services-require-improvement-inspectors-say", "Children & Young People Now", "Half of youth offending services require improvement, inspectors say", "2020-11", """
The inspectorate's annual report, published today, reveals that although one service inspected in 2019/20 (Camden) was rated "outstanding" and six (Brent, Bury and Rochdale, Leicester, North Yorkshire, Oxfordshire, and Southampton) were rated "good" the remaing nine of the 16 services visited in the period fell below required standards.
Eight services (Birmingham, Bradford, Croydon, Gloucestershire, Leeds, Luton, Medway, and Nottingham) were rated "requires improvement", while provision in Cardiff was found to be "inadequate".
Inspectors found assessment of the risk young offenders pose of causing harm to themselves or to others emerged again as a key area of concern. As YOS caseloads have shrunk, as a result of falling local crime rates due to lockdown, they have become more dominated by violent offences, with these making up 50 per cent of the court cases of the 16 services inspected.
Register Now to Continue Reading
""", ["figure:50 per cent"], not_scored=["per-service overall ratings listed by place name in a year summary (Camden outstanding, ... Cardiff inadequate)"])

# 3
doc("https://www.willispalmer.com/half-of-youth-offending-services-require-improvement/", "Willis Palmer", "Half of Youth Offending Services require improvement", "2020-11", """
Half of Youth Offending Services require improvement

Improvements are required in more than half of the Youth Offending Services inspected this year, according to the HM Inspectorate of Probation.

Of the 16 Youth Offending Services inspected, eight required improvement while one, Cardiff, was rated inadequate.

Chief Inspector Justin Russell said: “It is disappointing that the overall quality of the youth offending services we have inspected this year is worse than last year, with more than half requiring some improvement.

“Overall, the weakest area of performance across all the cases we inspected is the effective assessment and management of risk of harm – an area on which we place significant emphasis. Given that half of the court cases we inspected involved violent offences, and 85% of young people going through the courts are assessed as presenting some risk of harm, this is not good enough.

- One service ‘Outstanding’ - Camden

- Six services ‘Good’ - Brent, Bury and Rochdale, Leicester, North Yorkshire, Oxfordshire, and Southampton.

- Eight services ‘Requires improvement’ - Birmingham, Bradford, Croydon, Gloucestershire, Leeds, Luton, Medway, and Nottingham

- One service ‘Inadequate’ - Cardiff
""", ["chief_inspector:Justin Russell", "figure:85%"], not_scored=["year tallies and per-place list as in the annual report"])

# 4
doc("https://www.parliamenttoday.com/members/viewnews.html?id=146849", "Parliament Today", "(reposted HMIP release: Youth Annual Report 2022)", "2023-06", """
More youth justice services (seven-out-of-ten) were rated ‘Good’
or ‘Outstanding’ in 2022 and, for the second year running, no
services were rated ‘Inadequate’, says HM Inspectorate of
Probation on the publication of its Youth Annual Report 2022.
Chief Inspector of Probation Justin Russell, who is publishing
his final youth annual report before leaving the post this
autumn, praised the performance of local youth justice services:
“I am pleased to complete my tenure as chief inspector on a
positive note, having watched how hard those in the youth justice
world have strived to build a bright future for their services
and the children they support.”
No services rated ‘Inadequate’
Last year we rated 70 per cent of the 33 services inspected as
‘Good’ or ‘Outstanding’ compared to 58 per cent in 2018/2019.
Staffing, partnerships, IT, and facilities were found to be
particularly impressive in these high-performing services. For a
second year, no services were rated as ‘Inadequate’ and
reinspected services have shown considerable improvement. Across
the 108 services we have reported on over the past four years in
our annual reports, 55 have been rated as ‘Good’ and 12 as
‘Outstanding’.
Mr Russell continued: “I’ve been particularly pleased to see an
improvement in the quality of essential work that services are
doing to assess and manage the potential risk of serious harm
""", ["chief_inspector:Justin Russell", "figure:70 per cent", "figure:58 per cent"], not_scored=["55 Good and 12 Outstanding across 108 services reported on in four annual reports (not a current count)"])

# 5
doc("https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2023/06/yar-2022/", "HM Inspectorate of Probation", "Chief Inspector praises ‘strong’ services in his final youth justice services annual report", "2023-06", """
Chief Inspector praises ‘strong’ services in his final youth justice services annual report

More youth justice services (seven-out-of-ten) were rated ‘Good’ or ‘Outstanding’ in 2022 and, for the second year running, no services were rated ‘Inadequate’, says HM Inspectorate of Probation on the publication of its Youth Annual Report 2022.

Read the report here.

Chief Inspector of Probation Justin Russell, who is publishing his final youth annual report before leaving the post this autumn, praised the performance of local youth justice services: “I am pleased to complete my tenure as chief inspector on a positive note, having watched how hard those in the youth justice world have strived to build a bright future for their services and the children they support.”

No services rated ‘Inadequate’

Last year we rated 70 per cent of the 33 services inspected as ‘Good’ or ‘Outstanding’ compared to 58 per cent in 2018/2019. Staffing, partnerships, IT, and facilities were found to be particularly impressive in these high-performing services. For a second year, no services were rated as ‘Inadequate’ and reinspected services have shown considerable improvement. Across the 108 services we have reported on over the past four years in our annual reports, 55 have been rated as ‘Good’ and 12 as ‘Outstanding’.

Mr Russell continued: “I’ve been particularly pleased to see an improvement in the quality of essential work that services are doing to assess and manage the potential risk of serious h
""", ["chief_inspector:Justin Russell", "figure:70 per cent", "figure:58 per cent"], not_scored=["55 Good and 12 Outstanding across 108 services over four annual reports"])

# 6
doc("https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/03/yar-2021", "HM Inspectorate of Probation", "Chief Inspector commends improving youth offending services, as two-thirds are rated ‘Good’ or ‘Outstanding’", "2022-03", """
Chief Inspector commends improving youth offending services, as two-thirds are rated ‘Good’ or ‘Outstanding’

HM Inspectorate of Probation has today published its Annual Report 2021: inspections of youth offending services (YOS).

The 2021 annual report details the findings from inspections of 33 YOS – two-thirds of the services we inspected were rated as ‘Good’ or ‘Outstanding’ – none were rated ‘Inadequate’.

Chief Inspector of Probation Justin Russell: “Caseloads may be falling, but the needs of children in the criminal justice system certainly are not and have become more acute as a result of Covid-19. It has been equally challenging for staff and leaders, but services should be heartened – more than half were rated ‘Good’ and five ‘Outstanding’ in the past year. I pay credit to the resilience and commitment they have shown, as we hope for less challenging times ahead.”

Falling but more challenging caseloads

The pandemic has meant record reductions in the number of children coming into the youth justice system as arrests and court volumes plummeted and the number of children supervised by youth offending services in 2021 fell by 28 per cent on the previous year.

The effect is a higher concentration of children entering the system who have committed a violent offence – these children made up 49 per cent of the court cases of the 33 services we inspected in the last year, and 42 per cent of out-of-court disposals (cautions and community sentences/resolutions). Nearly 80 per cent of children sentenced to a court order were assessed as prese
""", ["chief_inspector:Justin Russell", "figure:28 per cent", "figure:49 per cent", "figure:42 per cent", "figure:80 per cent"], not_scored=["year tallies: two-thirds of 33 Good or Outstanding, five Outstanding"])
