# 7
doc("https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2024/09/yar2023", "HM Inspectorate of Probation", "‘Impressive’ youth justice services praised in Inspectorate’s annual report", "2024-09", """
‘Impressive’ youth justice services praised in Inspectorate’s annual report

HM Inspectorate of Probation has praised ‘impressive’ youth justice service (YJS) inspection results on the publication of its Youth Annual Report 2023, and has highlighted the ‘stark contrast’ to Inspectorate findings across adult probation services.

Inspections have consistently revealed high-quality work across the service, with 75 per cent of YJSs being rated as either ‘Good’ or ‘Outstanding’ and, overall, the report finds a stable workforce, manageable workloads, sufficient training, and good quality staff supervision, with all these factors are having a positive impact on the quality of work seen.

Martin Jones, Chief Inspector of Probation, said: “It is clear what is key for the successful delivery of YJSs is not just localisation itself – it is also important that the right structures and partnerships are in place, with stability in the service and a high standard of interventions and delivery.

“We have seen the impact high-quality work in this area can have but, to maintain this, it is essential YJSs continue to receive adequate funding. We have, unfortunately, seen some cuts to funding and partnership services, and I call for this to be urgently reviewed.”
""", ["chief_inspector:Martin Jones", "figure:75 per cent"])

# 8
doc("https://www.russellwebster.com/youth-justice-services-high-quality/", "Russell Webster", "Youth justice services “high quality”", "2023-06-28", """
Youth justice services “high quality”
Inspectorate finds high quality youth justice services in England & Wales.

Strong services

Outgoing Chief Inspector of Probation, Justin Russell, has today (28 June 2023) published the inspectorate’s annual report on youth justice services. The report finds strong youth justice services, across England and Wales, that are delivering high quality services to children, young people, and the communities in which they live.

In marked contrast to the Probation Service, the overall ratings for YJSs have borne up remarkably well during the pandemic. Across the 108 services the inspectors have reported on over the past four years, 55 have been rated ‘Good’ and 12 ‘Outstanding’. Last year they rated 70 per cent of the 33 services inspected in these top two categories, compared with 58 per cent pre-pandemic in 2018/2019 – with particularly strong scores on the inspectorate’s ratings for staffing, partnerships, and IT and facilities.

Inspectors have rated six out of every 10 services reported on in the past year as ‘Good’ or ‘Outstanding’ on leadership, and only one as ‘Inadequate’.
While staffing remains a strength for the great majority of services, with ratings of ‘Good’ or ‘Outstanding’ for 25 of the 33 services covered in this report, there are often vacant probation posts in the local services we visit
""", ["chief_inspector:Justin Russell", "figure:70 per cent", "figure:58 per cent"], not_scored=["55 Good / 12 Outstanding of 108 over four years", "staffing Good or Outstanding for 25 of 33 services (a year's tally)"])

# 9
doc("https://yjlc.uk/youth-offending-services-inspected/", "Youth Justice Legal Centre", "Youth offending services inspected", "2019-10", """
Youth offending services inspected

Annual report: inspection of youth offending services (2018-2019), Her Majesty’s Inspectorate of Probation, October 2019

Her Majesty’s Inspectorate of Probation (HMI Probation) have investigated on the general quality of Youth Offending Teams (YOTs) across England and Wales for the year 2018/2019.

26 inspections including 791 examinations of individual cases were conducted to assess the performance of YOTs in three main areas: organisational delivery, court disposal cases and out of court disposal(OOCD) cases . Performance was assessed against the risk of harm to others presented by young people. 3 YOTs were rated ‘outstanding’, 12 ‘good’, 8 were found to ‘require improvement’ and 3 teams were rated ‘inadequate’.

  • Assessment: 70% of the examined services performed adequately for court disposals cases, against 42% of good performance in OOCD cases. 10 services were rated inadequate in relation to the latter.
  • Planning: Nearly 54% of services provided adequate schemes for crime prevention or diversion in court disposal cases, while only 34% performed well in OOCD cases.
  • Delivery: 61% of services performed well in delivering the above schemes in court disposal cases against only 46% in OOCD cases.
""", ["figure:70%", "figure:42%", "figure:54%", "figure:34%", "figure:61%", "figure:46%"], not_scored=["year tallies 3/12/8/3 of 26 inspected in 2018/19"])

# 10
doc("https://www.justiceinspectorates.gov.uk/hmiprobation/2023/01/11-january-2023-green-shoots-of-hope-for-probation-services/", "HM Inspectorate of Probation (Chief Inspector's blog)", "11 January 2023 - Green shoots of hope for probation services?", "2023-01-11", """
11 January 2023 - Green shoots of hope for probation services?

As my blogs in 2022 reflected, this comes after a very challenging year for the service, with 10 of the 17 PDU reports we published in 2022 showing a rating of ‘Inadequate’.

Our youth justice inspection ratings have been very different – with no service rated as ‘Inadequate’ and a majority of the 31 YOS inspection reports we published in 2022 rated as ‘Good’ or ‘Outstanding’. Particular congratulations to Hammersmith and Fulham YJS (read the report on our website) and to York YJS (read the report on our website) which were both rated as
""", ["service:Hammersmith and Fulham", "service:York"], not_scored=["truncated: the rating the two services got is cut off"])

# 11
doc("https://www.justiceinspectorates.gov.uk/hmiprobation/2023/03/16-march-2023-positive-results-for-youth-justice-services/", "HM Inspectorate of Probation (Chief Inspector's blog)", "16 March 2023 - Positive results for youth justice services", "2023-03-16", """
16 March 2023 - Positive results for youth justice services

After a January dominated by our reports on what has been going wrong with probation practice, February provided a welcome opportunity to focus on what has been going right with local youth offending services. In a presentation to Westminster Legal Policy Forum event, I was able to celebrate the ratings we have given to these over the past year, with over two-thirds of the Youth Offending Services (YOS) we inspected last year getting an overall rating of ‘Good’ or ‘Outstanding’.

This, in turn, is translating into impressive individual casework – with over 70 per cent of the cases we inspect being satisfactory against all our key questions around quality (versus less than half of the probation cases we’ve inspected over the past year).

That’s not to say there is no room for improvement. In an important research bulletin on the assessment of safety concerns in YOS caseloads (September 2022) (PDF, 564 kB), our research team found that a majority of children on these caseloads (including 84 per cent of court cases) were of medium or high concern in terms of their own welfare needs or potential risks to others
""", ["figure:70 per cent", "figure:84 per cent"])

# 12
doc("https://www.justiceinspectorates.gov.uk/hmiprobation/2023/09/a-farewell-from-chief-inspector-justin-russell/", "HM Inspectorate of Probation (Chief Inspector's blog)", "21 September 2023 - A farewell from Chief Inspector, Justin Russell", "2023-09-21", """
21 September 2023 - A farewell from Chief Inspector, Justin Russell

At the end of September, I will be stepping down as Chief Inspector of Probation after more than four years in the role.

Since I became Chief Inspector, we have published 101 youth justice service reports; 57 probation inspection reports; 20 thematic reports and (a new product for us) 13 effective practice guides.

My final two annual reports – for our youth inspections and for probation – couldn’t have been more different. While 70 per cent of our Youth Offending Service (YOS) inspections last year we rated as ‘Good’ or ‘Outstanding’; only one of the 31 probation inspections covered by my final probation annual report published this week was rated ‘Good’ – and 15 were rated as ‘Inadequate’.
""", ["chief_inspector:Justin Russell", "figure:70 per cent"])

# 13
doc("https://www.yorkpress.co.uk/news/23196279.youth-justice-service-york-rated-outstanding/", "The York Press", "Youth justice service in York rated outstanding", "2022-12-16", """
AN INDEPENDENT inspection of York's Youth Justice Service has found it to be ‘outstanding’.

The service works with young people aged 10 years and over who are at risk of, or involved in offending behaviour, responding to any risks or needs of the young people, their families, and their victims.

The inspection was carried out by HM Inspectorate of Probation, rating the York service as ‘outstanding’ in nine out of 13 key areas assessed – including ‘partnerships and services’ and ‘implementation and delivery’ - and ‘good’ in the remaining four areas.

The inspectors particularly highlighted the strength of support provided by the service’s ‘well-trained, committed and thoughtful’ team for children and young people and the strength of the service’s partnership with North Yorkshire Police.

Martin Kelly, OBE, City of York Council’s corporate director of children and education, said: “I’d like to add my thanks to the team at York Youth Justice Service for their continued dedication to the young people we work with and consistently going the extra mile to ensure positive outcomes.

"To gain an ‘outstanding’ rating is quite exceptional and it’s fantastic that their work has been recognised in this way."
""", ["service:York", "overall:outstanding", "standards_count:9:13:outstanding", "standards_count:4:13:good", "standard:Partnerships and services:outstanding", "standard:Implementation and delivery:outstanding"])

# 14
doc("https://my.northtyneside.gov.uk/news/28774/youth-justice-service-goes-strength-strength-outstanding-judgement", "North Tyneside Council", "Youth Justice Service goes from strength to strength with outstanding judgement", "undated", """
North Tyneside’s Youth Justice Service has been rated ‘outstanding’ by Government inspectors.
The council has now been judged ‘outstanding’ for both social care and youth justice, a feat matched only by Essex County Council.
The Youth Justice Service is a statutory partnership made up of staff from the local authority's social care and education services, the police, the National Probation Service, and local health services.
A report published by the HM Inspectorate of Probation has praised the service for the work it does to support children aged 10-18 who have either been sentenced at a court or come to the attention of police but not been charged.
The inspection team found the service to be ‘good’ or ‘outstanding’ in 10 of 12 key aspects of its work. They found high standards across three key inspection areas: organisational delivery; court disposals; and out-of-court disposals and awarded a score of 31 out of a possible 36.
Marc Baker, Director of Operations at HM Inspectorate of Probation, stated in his report: “North Tyneside YOS has a well-established, experienced board, management team and staff group. It is ably led by a committed and skilful group of managers."
Mr Baker also gave a verdict of ‘outstanding’ for the delivery of court disposals, saying these were done to the highest possible standard.
""", ["service:North Tyneside", "overall:outstanding", "standards_count:10:12:good_or_outstanding", "score:31"], not_scored=["'outstanding' for the delivery of court disposals (the domain or its delivery standard: ambiguous)"])

# 15
doc("http://www.cvfm.org.uk/index.php/news/item/1928-youth-justice-service-passes-new-inspection-with-flying-colours", "CVFM (Middlesbrough community radio)", "Youth justice service passes new inspection with flying colours", "2025", """
The specialist service that works with children and young people involved in the criminal justice system across South Tees has been given a clean bill of health.
The overall rating of ‘good’ for the South Tees Youth Justice Service (YJS) followed an in-depth inspection last month.
The South Tees YJS was the first in the country to receive a new two-week inspection covering leadership, partnership working, case work and work with victims.
The inspectors from His Majesty’s Inspectorate of Probation (HMIP) found a culture promoting care, reflection and continuous learning, with management and leadership described as ‘inspirational’.
They also found the service was working quickly to develop its engagement with victims, although improvement is required in this area.
The South Tees YJS was rated ‘good’ overall, and ‘good’ in five out of seven areas.
Councillor Philippa Storey, Middlesbrough Council’s Executive member for Education & Culture, said: “The work we and our partners do with children involved in the criminal justice system could not be more important, and it’s essential that we get it right."
""", ["service:South Tees", "overall:good", "standards_count:5:7:good"], not_scored=["work with victims: 'improvement is required in this area' (not stated as a rating)"])

# 16
doc("https://www.cypnow.co.uk/news/article/north-yorkshire-youth-justice-service-rated-good-by-inspectors", "Children & Young People Now", "North Yorkshire Youth Justice Service rated ‘good’ by inspectors", "2020-09-17", """
North Yorkshire Youth Justice Service rated ‘good’ by inspectors

Fiona Simpson
Thursday, September 17, 2020

North Yorkshire Youth Justice Service (YJS) has been rated “good” by inspectors with its services for children described as “outstanding”.

Justin Russell, chief inspector of probation at HM Inspectorate of Probation, praised the service’s support to children who have offended or who are at risk of offending, following an inspection carried out just before lockdown in March.

The inspectorate looked at 12 aspects of the service’s work and awarded an overall rating of "good".

“Many children have complex needs – 13 per cent are in the care of the local authority, nearly half (46 per cent) have mental health issues and more than half (55 per cent) misuse substances,” Russell's report states.

Russell awarded the service an “outstanding” rating for the quality of its partnerships and services for children.
""", ["service:North Yorkshire", "overall:good", "chief_inspector:Justin Russell", "fieldwork:2020-03", "figure:13 per cent", "figure:46 per cent", "figure:55 per cent", "standard:Partnerships and services:outstanding"])
