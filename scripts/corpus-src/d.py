# 23
doc("https://contest.com/sampledata/bc5dc75a6ac459ce3b/7686550516469364834", "WalesOnline (sample copy)", "Calls for independent inquiry into ‘inadequate’ youth offending service", "2020-09", """
HM Inspectorate of Probation gave Cardiff Youth Offending Service a score of 0 out of 36(Image: Getty Images)

Calls for independent inquiry into ‘inadequate’ youth offending service

Councillors are calling for an investigation into the failures that led to the 'inadequate' rating

Calls have been made for an independent inquiry into the failures that led to inspectors scoring Cardiff’s youth offending service the worst possible rating.

Inspectors gave the ‘inadequate’ service, which works with young people aged 10 to 17 to prevent youth crime, a rating of 0 out of 36 in July. The service is jointly run by Cardiff council, the police, NHS, and the probation service.

The shocking rating prompted opposition Tory councillors to hold a vote of no confidence in Cardiff council’s Labour administration, which the cabinet narrowly won.

Now, leaders of opposition groups on the council have jointly called for an independent inquiry into what went wrong in the youth offending service and the failures that led to the ‘inadequate’ rating.
""", ["service:Cardiff", "score:0", "score:0", "overall:inadequate"], not_scored=["'in July': the month of the rating, no day"])

# 24
doc("https://www.cardiffld.org.uk/yos_inspection", "Cardiff Liberal Democrats", "Youth Offending Service inspection \"incredibly unsettling\"", "2020-07", """
Youth Offending Service inspection "incredibly unsettling"

Every part of Cardiff Youth Offending Service (YOS) has been rated "inadequate" by inspectors. The YOS was given the lowest possible performance rating by HM Inspectorate of Probation. The inspection looked at 12 aspects of the service and ranked every one of those "inadequate". 

Commenting, Leader of Cardiff Liberal Democrats Cllr Rhys Taylor, said:

"The findings of this review are incredibly unsettling. How many children and young people have been failed as a result of the dearth of leadership now evident in the council?
""", ["service:Cardiff", "overall:inadequate", "standards_count:12:12:inadequate"])

# 25
doc("https://u.dywpk.org.uk/?p=35775", "local news site (reposted Bromley council release)", "Bromley Youth Justice rated outstanding", "2025-01", """
A council has been rated as one of the country’s leading local authorities for Youth Justice.
Bromley Youth Justice received an ‘outstanding’ rating by His Majesty’s Inspectorate of Probation.
Councillor Kate Lymer, Deputy Leader and Executive Councillor for Children, Education and Families said: “This is heartening and welcome news which is directly attributable to the professional dedication of so many.
As part of the inspection a number of different aspects of the Youth Justice were assessed, including organisational delivery, the management of children serving court sentences, children serving cautions or community sentences as well as the resettlement of children leaving custody.
All areas were judged to be outstanding or good, with an overall rating of outstanding and a total score of 33 out of a possible 36 points.
The result means Bromley is one of five councils in London and one of 17 across the country with the highest category overall rating for its youth justice services.
The Inspectorate’s report noted there “is a focus on improving impact” and this was supported by evidence “showing significant reductions in the reoffending of its cohort of children”.
Pictured top: Councillors, police and Youth Justice staff celebrate the outstanding rating by His Majesty’s Inspectorate of Probation (Picture: Bromley council)
""", ["service:Bromley", "overall:outstanding", "overall:outstanding", "score:33", "aggregate:5:London", "aggregate:17:"])

# 26
doc("https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/03/surrey-yos", "HM Inspectorate of Probation", "‘Impressive’ Surrey Youth Offending Service rated ‘Good’", "2022-03", """
‘Impressive’ Surrey Youth Offending Service rated ‘Good’
Surrey Youth Offending Service (YOS) has received an overall rating of ‘Good’ following an inspection by Her Majesty’s Inspectorate of Probation. This follows an inspection in 2019, when the service was given an overall rating of ‘Inadequate’.
Chief Inspector of Probation Justin Russell said: “To go from an ‘Inadequate’ to ‘Good’ rating, in just a few years, is quite an achievement. Surrey YOS is now an organised and focused service that understands the children under their supervision.”
Surrey YOS work with children aged 10 to 18. The majority of children under their supervision are aged 15 to 17 (88%), male (88%) and white (82%). The YOS supervise children with complex needs and some in the care of the local authority.
The inspection looked at standards of organisational delivery (including leadership, staffing and facilities), their management of children serving court sentences (court disposals) and children serving cautions or community resolutions (out-of-court disposals). We also inspected the quality of resettlement policy and provision, which was separately rated as ‘Good’.
""", ["service:Surrey", "overall:good", "chief_inspector:Justin Russell", "resettlement:good", "figure:88%", "figure:88%", "figure:82%"], not_scored=["previous (2019) inspection rated Inadequate overall (about an earlier inspection)"])

# 27
doc("https://democracy.reading.gov.uk/mgAi.aspx?ID=15127", "Reading Borough Council (committee minutes)", "Youth Justice Service Inspection", "2025", """
Agenda item

Youth Justice Service Inspection

A report providing information on the Youth Justice Service HMIP inspection report and consideration of the associated Improvement Plan.

Minutes:

The Committee received a report on the Youth Justice Service inspection undertaken by His Majesty’s Inspectorate of Probation (HMIP) between 9 and 13 September 2024. The inspection had focused on four domains; 1 - Governance and Leadership, 2 - Post Court Work, 3 - Pre-Court Work and 4 - Resettlement.

The report explained that HMIP had published their inspection report on 3 December 2024. Overall, the service was rated as Inadequate, with four sub ratings provided for domains 1 – 3. Domain 4 was not rated as there were no resettlement cases to inspect. 

The report made the following eight recommendations:

  • The Reading Youth Justice Service manager should:
  • ensure that quality assurance arrangements, oversight of practice, and supervision arrangements consistently supported staff and volunteer development.
  • ensure that assessing activity always considered how best to achieve safety for the child and the community.

  • The Reading Youth Justice Management Board should:
  • ensure that the YJS was both sufficiently resourced and structured to facilitate the delivery of high-quality interventions for children and the victims of crime
""", ["service:Reading", "fieldwork:2024-09", "publication:2024-12-03", "overall:inadequate", "recommendations:8:"])

# 28
doc("https://feeds.bbci.co.uk/news/uk-england-leicestershire-59483478", "BBC News", "Leicestershire Youth and Justice Service 'requires improvement'", "2021-12", """
Leicestershire Youth and Justice Service 'requires improvement'
- Published
Youth justice services in Leicestershire need to improve, according to inspectors.
Leicestershire Youth and Justice Service supervises children aged 10 to 17 in the justice system, with many in care.
Her Majesty's Inspectorate of Probation praised staff and services but found issues with how cautions or community resolutions were managed.
HM Inspectorate of Probation said its inspection, which found the service "requires improvement", looked at areas like leadership, staffing and facilities as well as management of children serving court sentences - court disposals - and children serving cautions or community resolutions - out-of-court disposals.
Chief inspector of probation, Justin Russell, said: "There are failings in how children given cautions or community resolutions are managed - and the management board do not appear to have had sufficient oversight of this."
The inspection made six recommendations to Leicestershire Youth and Justice Service, including the need for improvements to be made to children's access to speech and language services.
Councillor Deborah Taylor, cabinet member for children and families, said: "Since the inspection, in August, we have already made significant changes, particularly to our work with young people outside of the court process.
""", ["service:Leicestershire", "overall:requires_improvement", "chief_inspector:Justin Russell", "recommendations:6:yjs", "fieldwork:2021-08"])

# 29
doc("https://democracy.bcpcouncil.gov.uk/ieIssueDetails.aspx?IId=18192&Opt=3&PlanId=0", "BCP Council (committee minutes)", "Joint Inspection of Dorset Combined Youth Justice Service", "2023", """
69 Joint Inspection of Dorset Combined Youth Justice Service
PDF 220 KB
HMI Probation led a Joint
Inspection of Dorset Combined Youth Justice Service in September
and October 2022. The inspection report was published on 17 January
2023. The overall rating of the service was Good. The report
provides a thorough review of the work of the service, applying 13
inspection standards. 11 of the 13 standards were rated Good, one
was rated Requires Improvement and one was rated
Outstanding.
Minutes:
The Committee
discussed the report and comments were made, including:
- In response to a
query regarding the ‘Requires Improvement’ rating for
the out of court disposals assessment, the Committee was advised of
the reasons why the Inspectors gave the rating a
""", ["service:Dorset Combined", "fieldwork:2022-09", "publication:2023-01-17", "overall:good", "standards_count:11:13:good", "standards_count:1:13:requires_improvement", "standards_count:1:13:outstanding", "standard:Assessment (out-of-court disposals):requires_improvement"])

# 30
doc("https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2024/01/nottinghamshireyjs", "HM Inspectorate of Probation", "Nottinghamshire Youth Justice Service rated ‘Good’", "2024-01", """
Nottinghamshire Youth Justice Service rated ‘Good’

Nottinghamshire Youth Justice Service (YJS) has received an overall rating of ‘Good’ following an inspection led by His Majesty’s Inspectorate of Probation, conducted jointly with HM Inspectorate of Constabulary, Fire and Rescue (HMICFRS) and the Care Quality Commission.

We also inspected the quality of resettlement work – the key services which need to be in place when a child is released from custody, for example to meet accommodation needs – which was separately rated as ‘Outstanding’.

Interim Chief Inspector of Probation, Sue McAllister said: “We were impressed by efforts taken by Nottinghamshire Youth Justice Service to capture the views of children, parents, and carers. The service has a strong, child-first ethos and the motivated and passionate team do all they can to support children’s engagement.”

Inspectors were impressed with the resettlement practice at Nottinghamshire YJS.
""", ["service:Nottinghamshire", "overall:good", "resettlement:outstanding", "chief_inspector:Sue McAllister"])
