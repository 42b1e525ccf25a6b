# 31
doc("https://www.cypnow.co.uk/news/article/cardiff-yos-rated-inadequate-in-all-areas-inspection-finds", "Children & Young People Now", "Cardiff YOS rated ‘inadequate’ in all areas, inspection finds", "2020-07", """
Cardiff YOS rated ‘inadequate’ in all areas, inspection finds

A multi-agency partnership-led youth offending service has been rated "inadequate" across every aspect of its work, raising serious concerns about the effectiveness of its provision.

In a report published by Her Majesty’s Inspectorate of Probation (HMIP), Cardiff Youth Offending Service (YOS) was handed the lowest possible performance rating and told it needs to make wide ranging improvements.

HMIP inspectors, who carried out a routine inspection together with colleagues from health, police, education and social care inspectorates in January, looked at 12 aspects of the service’s work rating each one "inadequate" for the first time.

Arrangements for governance and leadership, staffing, partnership and services, and information and facilities, all failed to meet the inspectorates’ required standards, the report states.

“We, therefore, have serious concerns about the effectiveness of organisational delivery in Cardiff YOS,” it concludes.
""", ["service:Cardiff", "overall:inadequate", "fieldwork:2020-01", "standards_count:12:12:inadequate"], not_scored=["organisational standards 'failed to meet required standards' (not a named rating)"])

# 32
doc("https://careappointments.com/care-news/wales/146049/inspectors-report-serious-concerns-about-inadequate-youth-offending-service-in-cardiff/", "Care Appointments", "Inspectors report serious concerns about ‘inadequate’ youth offending service in Cardiff", "2020-07", """
Inspectors report serious concerns about ‘inadequate’ youth offending service in Cardiff

A Welsh youth offending service has been rated inadequate after inspectors raised “serious concerns” about its standard of work with child criminals.

Chief inspector of probation Justin Russell said Cardiff Youth Offending Service (YOS) received the lowest possible performance rating across the board for the first time and has been told to improve in every aspect of its work.

He said: “These findings are very disappointing. We had serious concerns about the organisation’s senior leadership and structure, and the quality of its work with children who have offended or who are at risk of offending.”

In three cases, inspectors identified specific safeguarding and public protection concerns, and told bosses to draw up urgent action plans.

Mr Russell (pictured) said the management board “did not have a clear vision” and members were unsure of their responsibilities.
""", ["service:Cardiff", "overall:inadequate", "chief_inspector:Justin Russell"])

# 33
doc("https://gwydir.wales/2020/09/15/the-sorry-tale-of-cardiffs-youth-offending-service/", "Gwydir (blog)", "The sorry tale of Cardiff’s Youth Offending Service", "2020-09-15", """
The sorry tale of Cardiff’s Youth Offending Service

There is no clearer example than the sorry tale of Cardiff’s Youth Offending Service (YOS). The YOS, which has the primary aim of reducing youth offending in the city, is led by a multi-agency management board including the Police and Crime Commissioner, Careers Wales and the courts.
In July Her Majesty’s Inspectorate of Probation published their inspection into the Cardiff YOS. The report was dire. It rated the service as “inadequate” – the lowest possible rating and gave the service a damning score of zero out of 36.

To give an idea of the seriousness of this inspection, it is worth examining a few quotes from the report:

“The Youth Offending Service’s arrangements for governance and leadership, staffing, partnership and services, and information and facilities all failed to meet our required standards.”
""", ["service:Cardiff", "overall:inadequate", "score:0"], not_scored=["published 'in July' (no day)"])

# 34
doc("https://hmiprobation.justiceinspectorates.gov.uk/document/an-inspection-of-youth-justice-work-with-children-and-victims-in-wakefield-2025", "HM Inspectorate of Probation", "An inspection of youth justice work with children and victims in Wakefield", "2025", """
An inspection of youth justice work with children and victims in Wakefield

Published:

Foreword (Back to top)

This inspection is part of our programme of inspections across youth justice services in England and Wales.[1] In this inspection we have inspected and rated work with children and victims in Wakefield Youth Justice Service (YJS) across two broad areas: the quality of work done with children working with the YJS and the quality of work done with victims. Overall, Wakefield YJS was rated as ‘Good’.

Inspectors found a vibrant, learning culture amongst staff in the YJS, which had led to significant improvements in service delivery since the last inspection.

Overall, assessing activity was undertaken effectively. Practitioners had a depth of understanding about the children they were working with and focused upon their strengths. However, assessing activity for children on out-of-court disposals that analysed how to achieve safety in the community was not consistent, and was identified as an area for development.
""", ["service:Wakefield", "overall:good"])

# 35
doc("https://justiceinspectorates.gov.uk/hmiprobation/?p=19649", "HM Inspectorate of Probation", "County Durham Youth Justice Service ‘Requires improvement’", "2022-11", """
County Durham Youth Justice Service ‘Requires improvement’

County Durham Youth Justice Service (YJS) has received an overall rating of ‘Requires improvement’ following an inspection by HM Inspectorate of Probation.

Chief Inspector of Probation Justin Russell said: “County Durham Youth Justice Service has both the capacity and skill, but they need to improve the quality of work with children under their supervision.”

Good quality work was evident in cases where children are leaving custody. The quality of resettlement work – plans to ensure children have accommodation and other services – was rated separately as ‘Outstanding’.

In contrast, we found that out-of-court disposal work – where children are diverted from the criminal justice system – was disappointing.

This inspection report makes nine recommendations, for an improvement programme for this service.

ENDS

Notes to editor

  1. Youth offending services work with children aged 10 to 17 and supervise children with complex needs and some in the care of the local authority.
  2. The Inspectorate uses a four-point scale: ‘Outstanding’, ‘Good’, ‘Requires improvement’ and ‘Inadequate’, rating specific aspects 
""", ["service:County Durham", "overall:requires_improvement", "chief_inspector:Justin Russell", "resettlement:outstanding", "recommendations:9:"])

# 36
doc("https://www.bbc.com/news/uk-wales-47725248", "BBC News", "Western Bay youth justice service 'failed to protect' (Wales)", "2019-03-28", """
Image copyright Getty Images Image caption Two youngsters who downloaded child abuse images were deemed at low risk of serious harm

A youth justice service failed to adequately protect both children and the public, inspectors have said.

Among concerns highlighted were two youngsters who had downloaded indecent images of child abuse being deemed at low risk of serious harm.

The Western Bay service was inspected by HM Inspectorate of Probation last year.

It was described as a "poorly managed" merger of services in Swansea, Neath Port Talbot and Bridgend.

In contrast, Wrexham Youth Justice Service in north Wales was found by inspectors to be good overall, with many impressive areas of practice and "high aspirations" for children and young people.

HM Inspectorate of Probation's chief insecptor Dame Glenys Stacey said none of the three local authorities had taken full responsibility for the service.
""", ["service:Wrexham", "overall:good"], not_scored=["Western Bay named only as 'The Western Bay service' (no kind of service after the name)", "chief inspector named with a misspelt title ('chief insecptor Dame Glenys Stacey')", "Western Bay's rating is implied, not stated"])

# 37
doc("https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2024/11/ceredigionyjs2024", "HM Inspectorate of Probation", "Inspectorate finds “systemic insufficiencies” at ‘Inadequate’ Ceredigion Youth Justice and Prevention Service", "2024-11", """
Inspectorate finds “systemic insufficiencies” at ‘Inadequate’ Ceredigion Youth Justice and Prevention Service

Ceredigion Youth Justice and Prevention Service (YJPS) has received an overall rating of ‘Inadequate’ following an inspection by His Majesty’s Inspectorate of Probation. This is the first ‘Inadequate’ rating given to a Youth Justice Service since July 2020.

Chief Inspector of Probation Martin Jones said: “In Ceredigion, the fundamental foundations required to deliver effective youth justice services to children and victims are missing. We observed systemic insufficiencies in all levels of service delivery and the concerning findings from this inspection require immediate attention.”

The report found that, operationally, there were a team of just four staff members responsible for delivering post-court and out-of-court disposal work at Ceredigion YJPS.

Inspectors were concerned with the assessing, planning, and delivery of work to promote desistance and to keep children and other people safe.
""", ["service:Ceredigion", "overall:inadequate", "nth_since:1:inadequate:2020-07", "chief_inspector:Martin Jones"])

# 38
doc("https://cambrian-news.co.uk/news/significant-concerns-over-youth-justice-in-ceredigion-736956", "Cambrian News", "Significant concerns over youth justice in Ceredigion", "2024-11", """
Youth justice services in Ceredigion have “systemic shortcomings” with “significant concerns” over whether it can keep children and victims safe, a damning inspection has said.

Ceredigion Youth Justice and Prevention Service (YJPS) has received an overall rating of ‘Inadequate’ following an inspection by His Majesty’s Inspectorate of Probation.

It is the first ‘Inadequate’ rating given to a Youth Justice Service since July 2020.

Chief Inspector of Probation, Martin Jones CBE said the inspection of Ceredigion services “observed systemic insufficiencies in all levels of service delivery and the concerning findings from this inspection require immediate attention.”

The report found that, operationally, there were a team of just four staff members responsible for delivering post-court and out-of-court disposal work at Ceredigion YJPS.
""", ["service:Ceredigion", "overall:inadequate", "nth_since:1:inadequate:2020-07", "chief_inspector:Martin Jones"])

# 39
doc("https://www.cypnow.co.uk/features/article/youth-offending-services-inspections-clinic", "Children & Young People Now", "Youth offending services: Inspections Clinic", "2021-01-26", """
Youth offending services: Inspections Clinic

Jo Stephenson
Tuesday, January 26, 2021

Recent assessment of youth offending services shows more than half needing improvements, yet inspectors also found many teams providing good support to young people, writes Jo Stephenson.

The latest annual report on youth offending services (YOS) in England and Wales from HM Inspectorate of Probation found more than half needed to make improvements.

Of the 16 services inspected in 2019/20, eight were rated “requires improvement” while Cardiff YOS was rated “inadequate”.

Chief inspector of probation Justin Russell says it was disappointing to find the overall quality of services was worse than those inspected the previous year.

Nine of the 16 services inspected were found to require some improvement in leadership and governance.
""", ["service:Cardiff", "overall:inadequate", "chief_inspector:Justin Russell"], not_scored=["eight of 16 requires improvement in 2019/20 (a year's tally)"])

# 40
doc("https://www.cypnow.co.uk/features/article/inspections-clinic-youth-justice-services", "Children & Young People Now", "Inspections clinic: Youth justice services", "2023", """
Inspections clinic: Youth justice services

While a new report shows that more young offenders are now accessing better quality specialist services, some areas of concern still remain. Jo Stephenson examines the inspectorate’s findings.

HM Inspectorate of Probation’s latest annual report on youth justice services suggests the quality of support for young offenders continues to improve.

Of the 33 youth justice services inspected in the year from October 2021 to October 2022, 25 – or 70 per cent – were rated “good” or “outstanding” compared with 58 per cent in 2018/19 (see case study, below).

For the second year running, no services were rated “inadequate”.

Outgoing chief inspector of probation Justin Russell said he was particularly pleased to see an improvement in the quality of work to assess and manage the risk of harm children may pose to others.
""", ["chief_inspector:Justin Russell", "figure:70 per cent", "figure:58 per cent"])

# 41
doc("https://justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2024/03/carmarthenshire2024", "HM Inspectorate of Probation", "Carmarthenshire Youth Justice Team rated ‘Outstanding’", "2024-03", """
Carmarthenshire Youth Justice Team rated ‘Outstanding’
Carmarthenshire Youth Justice Team (YJT) has received an overall rating of ‘Outstanding’ following an inspection by His Majesty’s Inspectorate of Probation as part of its programme of Youth Justice Service (YJS) inspections.
The YJT was rated across three broad areas – the arrangements for organisational delivery of the service, the quality of work done with children sentenced by the courts, and the quality of out-of-court disposal work. The quality of resettlement policy and provision was also inspected, and separately rated as ‘Outstanding’.
Martin Jones, Chief Inspector of Probation, said: “There is a high level of care and dedication to the staff, children, and victims accessing the service, which extends from senior leaders to operational staff.
Mr Jones added: “The YJT’s reparation provision is impressive – the service has worked with the community to identify and deliver meaningful and impactful projects, and children have been able to develop skills as well as engaging in restorative justice.
""", ["service:Carmarthenshire", "overall:outstanding", "resettlement:outstanding", "chief_inspector:Martin Jones"])

# 42
doc("http://www.oijj.com/en/news-and-events/news/inspectorate-probation-england-and-wales-assesses-youth-justice-services-its", "International Juvenile Justice Observatory", "The Inspectorate of Probation of England and Wales assesses youth justice services in its 2022 report", "2023-06", """
The Inspectorate of Probation of England and Wales assesses youth justice services in its 2022 report

The HM Inspectorate of Probation, the independent inspector service for youth offending and probation services across England and Wales, has published this week its Youth Annual Report 2022. Chief Inspector of Probation Justin Russell has praised the improvement in the overall quality of the services, with 70 per cent of the 33 services rated as ‘Good’ or ‘Outstanding’, compared to 58 per cent in 2018/2019

“Children leaving custody are receiving better support compared to four years ago, and I’m impressed with the range of specialist services available to support children with speech, language, and communication needs."

However, this annual report also highlights concerns remaining around education, training and employment (ETE). “The number of recommendations made to services on this issue has doubled since last year."
""", ["chief_inspector:Justin Russell", "figure:70 per cent", "figure:58 per cent"])
