# 17
doc("https://www.carmarthenshirenewsonline.com/carmarthenshire-news/youth-justice-team-receives-overall-rating-of-outstanding-following-inspection/", "Carmarthenshire News Online", "Youth Justice Team receives overall rating of ‘Outstanding’ following inspection", "2024-03", """
Youth Justice Team receives overall rating of ‘Outstanding’ following inspection

Carmarthenshire Youth Justice Team (YJT) has received an overall rating of ‘Outstanding’ following an inspection by His Majesty’s Inspectorate of Probation as part of its programme of Youth Justice Service (YJS) inspections.

The YJT was rated across three broad areas – the arrangements for organisational delivery of the service, the quality of work done with children sentenced by the courts, and the quality of out-of-court disposal work. The quality of resettlement policy and provision was also inspected, and separately rated as ‘Outstanding’.

Martin Jones, Chief Inspector of Probation, said: “There is a high level of care and dedication to the staff, children, and victims accessing the service, which extends from senior leaders to operational staff.

“Staff are motivated, passionate, and their hard work is routinely acknowledged and rewarded. The management board is invested in the YJT; it has continually advocated for the service and proactively supported it in achieving the best outcomes for children, families, and victims.”
""", ["service:Carmarthenshire", "overall:outstanding", "resettlement:outstanding", "chief_inspector:Martin Jones"])

# 18
doc("https://www.northumberlandgazette.co.uk/news/politics/council/northumberlands-youth-justice-service-rated-good-with-outstanding-features-4233858", "Northumberland Gazette", "Northumberland’s Youth Justice Service rated 'Good' with ‘Outstanding’ features", "2023-07-27", """
News you can trust since 1854
Northumberland’s Youth Justice Service rated 'Good' with ‘Outstanding’ features

A service dedicated to supporting young people to turn their lives around has been praised by Government inspectors.
By Andrew Coulson
Published 27th Jul 2023, 10:23 BST- 1 min read

Northumberland’s Youth Justice Service (YJS) has received an overall rating of ‘Good' following an inspection by His Majesty's Inspectorate of Probation.

Three areas – staff, planning and implementation and delivery of out-of-court disposals – were also singled out as ‘Outstanding’.

Cllr Guy Renner-Thompson, the county council’s cabinet member for inspiring young people, said: “I am delighted that the ambition, commitment and young person-centred approach of our staff, partners and leaders has been recognised in this report.

“In line with our ambition to offer the best service we can, we welcome and will implement the recommendations for further service improvement.”
""", ["service:Northumberland", "overall:good", "standard:Staff:outstanding", "standard:Planning (out-of-court disposals):outstanding", "standard:Implementation and delivery (out-of-court disposals):outstanding"])

# 19
doc("https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/02/plymouth-yjs", "HM Inspectorate of Probation", "Plymouth Youth Justice Service made ‘great strides’ to achieve ‘Good’ rating", "2022-02", """
Plymouth Youth Justice Service made ‘great strides’ to achieve ‘Good’ rating

Plymouth Youth Justice Service (YJS) has received an overall rating of ‘Good’ following an inspection by Her Majesty’s Inspectorate of Probation. 

Chief Inspector of Probation Justin Russell said: “Plymouth YJS has made great strides over the past two years, which has led to this overall rating of ‘Good’. The service is committed and dedicated – they have a clear vision of how they will manage children under their supervision, reduce the chances of them reoffending and support the victims of offences.”  

Plymouth YJS work with children aged 10 to 17. The majority of children under their supervision are aged 15 to 17 (71 per cent), male (87 per cent) and white (93 per cent).

The inspection looked at standards of organisational delivery (leadership, staffing and facilities), their management of children serving court sentences (court disposals) and children serving cautions or community resolutions (out-of-court disposals). We also inspected the quality of resettlement policy and provision, which was separately rated as ‘Good’.

New governance arrangements for Plymouth YJS were introduced in early 2020 which included oversight by a new management board.
""", ["service:Plymouth", "overall:good", "chief_inspector:Justin Russell", "resettlement:good", "figure:71 per cent", "figure:87 per cent", "figure:93 per cent"])

# 20
doc("https://www.justiceinspectorates.gov.uk/hmiprobation/media/press-releases/2022/11/devonyjs2022/", "HM Inspectorate of Probation", "Devon Youth Justice Service rated ‘Good’", "2022-11", """
Devon Youth Justice Service rated ‘Good’

Devon Youth Justice Service (YJS) has received an overall rating of ‘Good’ following an inspection by HM Inspectorate of Probation.

Chief Inspector of Probation Justin Russell said: “There are many positives to take from this inspection, not least Devon YJS’s success in helping children under their supervision move away from opportunities to reoffend.”

Inspectors praised the staff and volunteers at Devon YJS, calling them a ‘significant asset’.

Of note is the YJS’s work with children who have served court sentences (court disposals), which was separately rated as ‘Outstanding’. Elsewhere, the inspection found that the service had excellent health and mental health provisions for children, which were making a ‘real difference’ to their lives.

The report makes six recommendations to Devon YJS, including that they ensure robust contingency plans are in place for all children that address their safety and wellbeing, and risk of harm to others, with a view to ensuring the service builds upon the positive foundations already in place.

ENDS
""", ["service:Devon", "overall:good", "chief_inspector:Justin Russell", "recommendations:6:yjs"], not_scored=["court disposals (a domain, not a standard) rated Outstanding"])

# 21
doc("https://www.bbc.co.uk/news/uk-england-birmingham-65027745", "BBC News", "Birmingham Youth Offending Service 'requires improvement'", "2023-03-22", """
Birmingham Youth Offending Service 'requires improvement'
Inspectors have rated Birmingham Youth Offending Service (YOS) as "requires improvement" amid staffing challenges and some difficulties meeting children's needs.
The service supervises children aged between 10 and 17 within the justice system.
Inspectors found "significant" work had been undertaken since their previous review in 2020.
In total, however, inspectors made 11 recommendations for improvement, having uncovered several issues.
Birmingham YOS, operated by Birmingham Children's Trust on behalf of the city council, faced "additional, and often unique, challenges as the largest youth justice service in England and Wales", admitted Chief Inspector of Probation Justin Russell.
The latest report, released on Tuesday, said work had been undertaken to improve the governance of the service and to meet children's needs, but it added there were recruitment and staff workload challengers.
"Positive developments" within the past three years had nevertheless been made, inspectors found, despite the rating remaining the same as the last review in 2020.
The inspectorate made 11 recommendations, including how partnership services could better respond to risks and safety concerns for each child.
""", ["service:Birmingham", "overall:requires_improvement", "recommendations:11:", "recommendations:11:", "chief_inspector:Justin Russell"], not_scored=["'released on Tuesday' (21 March 2023, relative date)", "previous review in 2020 gave the same rating"])

# 22
doc("https://www.countypress.co.uk/news/23927892.isle-wight-youth-justice-service-poor-inspection-response/", "Isle of Wight County Press", "Isle of Wight Youth Justice Service responds to poor inspection", "2023-11", """
New staff have been appointed and old staff retrained following an inspection report on the Isle of Wight’s Youth Justice Service (YJS).

Inspectors from His Majesty’s Inspectorate of Probation visited the service, noting in their report that six of the 13 categories require improvement, with two rated as ‘inadequate’, two ‘good’ and one ‘outstanding’.

The Isle of Wight Council has thanked inspectors for their constructive approach and says it acknowledges their recommendations.

The council’s Youth Justice Service was rated as good or outstanding for staffing, implementation, delivery and reviewing of court disposals, out-of-court disposal policy & provision, and resettlement policy and provision.

Meanwhile, governance and leadership, partnerships and services, information and facilities, implementation and delivery, assessment and planning were rated as requiring improvement, with out-of-court disposals planning and assessment marked as inadequate.

The report noted that the frequency of reoffending is reducing and compares well with the average figures in England and Wales and that the council has committed and highly motivated staff.
""", ["service:Isle of Wight", "standards_count:6:13:requires_improvement", "standards_count:2:13:inadequate", "standards_count:2:13:good", "standards_count:1:13:outstanding", "standard:Governance and leadership:requires_improvement", "standard:Partnerships and services:requires_improvement", "standard:Information and facilities:requires_improvement", "standard:Planning (out-of-court disposals):inadequate", "standard:Assessment (out-of-court disposals):inadequate"], not_scored=["'good or outstanding for staffing, ... court disposals ...' (a rating of two values per standard)", "implementation and delivery, assessment and planning requiring improvement (court or out-of-court not said)"])
