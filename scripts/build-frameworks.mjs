// One-off generator kept for transparency: the JSON files in frameworks/ are the source of truth
// and are edited by hand from now on. Run: node scripts/build-frameworks.mjs
import { writeFileSync } from 'node:fs';

const FOUR_POINT = [
  { id: 'outstanding', label: 'Outstanding', points: 3 },
  { id: 'good', label: 'Good', points: 2 },
  { id: 'requires_improvement', label: 'Requires improvement', points: 1 },
  { id: 'inadequate', label: 'Inadequate', points: 0 },
];
const CASE_BANDS = [
  { atLeastPercent: 80, rating: 'outstanding', descriptor: 'Large majority' },
  { atLeastPercent: 65, rating: 'good', descriptor: 'Reasonable majority' },
  { atLeastPercent: 50, rating: 'requires_improvement', descriptor: 'Too few' },
  { atLeastPercent: 0, rating: 'inadequate', descriptor: 'Minority' },
];
const OVERALL_BANDS = [
  { from: 31, to: 36, rating: 'outstanding' },
  { from: 19, to: 30, rating: 'good' },
  { from: 7, to: 18, rating: 'requires_improvement' },
  { from: 0, to: 6, rating: 'inadequate' },
];
const U = 'unconfirmed';

const domainOne = [
  {
    id: '1.1',
    name: 'Governance and leadership',
    aliases: ['governance/leadership', 'leadership', 'leadership and governance'],
    statement:
      'Governance and leadership support and promote a high-quality, personalised and responsive service for all children.',
    keyQuestions: [
      [
        '1.1.1',
        'Is there an effective local vision and strategy for the delivery of a high-quality, personalised and responsive service for all children?',
      ],
      ['1.1.2', 'Do the partnership arrangements actively support effective service delivery?'],
      ['1.1.3', 'Does the leadership of the YOT support effective service delivery?'],
    ],
  },
  {
    id: '1.2',
    name: 'Staff',
    aliases: ['staffing'],
    statement: 'Staff are empowered to deliver a high-quality, personalised and responsive service for all children.',
    keyQuestions: [
      [
        '1.2.1',
        'Do staffing and workload levels support the delivery of a high-quality, personalised and responsive service for all children?',
      ],
      [
        '1.2.2',
        'Do the skills of YOT staff support the delivery of a high-quality, personalised and responsive service for all children?',
      ],
      ['1.2.3', 'Does the oversight of work support high-quality delivery and professional development?'],
      ['1.2.4', 'Are arrangements for learning and development comprehensive and responsive?'],
      ['1.2.5', 'Do managers pay sufficient attention to staff engagement?'],
    ],
  },
  {
    id: '1.3',
    name: 'Partnerships and services',
    aliases: ['partnerships/services', 'partnerships', 'partnership and services'],
    statement:
      'A comprehensive range of high-quality services is in place, enabling personalised and responsive provision for all children.',
    keyQuestions: [
      [
        '1.3.1',
        'Is there a sufficiently comprehensive and up-to-date analysis of the profile of children, used by the YOT to deliver well-targeted services?',
      ],
      [
        '1.3.2',
        'Does the YOT partnership have access to the volume, range and quality of services and interventions to meet the needs of all children?',
      ],
      [
        '1.3.3',
        'Are arrangements with statutory partners, providers and other agencies established, maintained and used effectively to deliver high-quality services?',
      ],
    ],
  },
  {
    id: '1.4',
    name: 'Information and facilities',
    aliases: ['information'],
    statement:
      'Timely and relevant information is available and appropriate facilities are in place to support a high-quality, personalised and responsive approach for all children.',
    keyQuestions: [
      [
        '1.4.1',
        'Are the necessary policies and guidance in place to enable staff to deliver a quality service, meeting the needs of all children?',
      ],
      [
        '1.4.2',
        "Does the YOT's delivery environment(s) meet the needs of all children and enable staff to deliver a high-quality service?",
      ],
      [
        '1.4.3',
        'Do the information and communication technology (ICT) systems enable staff to deliver a high-quality service, meeting the needs of all children?',
      ],
      ['1.4.4', 'Is analysis, evidence and learning used effectively to drive improvement?'],
    ],
  },
].map((s) => ({
  id: s.id,
  name: s.name,
  aliases: s.aliases,
  statement: s.statement,
  wording: U,
  method: 'judgement',
  countsToScore: true,
  caseType: null,
  keyQuestions: s.keyQuestions.map(([id, text]) => ({ id, text, wording: U })),
}));

function caseStandard(id, name, caseType, domainWords, statement, verbs, extraAliases = []) {
  const [d, c, o] = verbs;
  return {
    id,
    name,
    wording: U,
    statement,
    aliases: [`${name.toLowerCase()} (${domainWords})`, `${domainWords} ${name.toLowerCase()}`, ...extraAliases],
    method: 'case_lowest_key_question',
    countsToScore: true,
    caseType,
    keyQuestions: [
      { id: `${id}.1`, text: d, wording: U },
      { id: `${id}.2`, text: c, wording: U },
      { id: `${id}.3`, text: o, wording: U },
    ],
  };
}

const ASSESS = [
  "Does assessment sufficiently analyse how to support the child's desistance?",
  'Does assessment sufficiently analyse how to keep the child safe?',
  'Does assessment sufficiently analyse how to keep other people safe?',
];
const PLAN = [
  "Does planning focus on supporting the child's desistance?",
  'Does planning focus sufficiently on keeping the child safe?',
  'Does planning focus sufficiently on keeping other people safe?',
];
const DELIVER = [
  "Does the implementation and delivery of services effectively support the child's desistance?",
  'Does the implementation and delivery of services effectively support the safety of the child?',
  'Does the implementation and delivery of services effectively support the safety of other people?',
];
const REVIEW = [
  "Does reviewing focus sufficiently on supporting the child's desistance?",
  'Does reviewing focus sufficiently on keeping the child safe?',
  'Does reviewing focus sufficiently on keeping other people safe?',
];

const domainTwo = [
  caseStandard(
    '2.1',
    'Assessment',
    'court',
    'court disposals',
    'Assessment is well-informed, analytical and personalised, actively involving the child and their parents/carers.',
    ASSESS,
    ['court assessment', 'court-case assessment'],
  ),
  caseStandard(
    '2.2',
    'Planning',
    'court',
    'court disposals',
    'Planning is well-informed, holistic and personalised, actively involving the child and their parents/carers.',
    PLAN,
    ['court planning'],
  ),
  caseStandard(
    '2.3',
    'Implementation and delivery',
    'court',
    'court disposals',
    'High-quality, well-focused, personalised and coordinated services are delivered, engaging the child and their parents/carers.',
    DELIVER,
    ['court implementation and delivery', 'court implementation/delivery'],
  ),
  caseStandard(
    '2.4',
    'Reviewing',
    'court',
    'court disposals',
    'Reviewing of progress is well-informed, analytical and personalised, actively involving the child and their parents/carers.',
    REVIEW,
    ['reviewing', 'court reviewing'] /* domain three has no Reviewing, so "reviewing" alone is unambiguous */,
  ),
];
const domainThreeCases = [
  caseStandard(
    '3.1',
    'Assessment',
    'out_of_court',
    'out-of-court disposals',
    'Assessment is well-informed, analytical and personalised, actively involving the child and their parents/carers.',
    ASSESS,
    ['out-of-court assessment', 'oocd assessment'],
  ),
  caseStandard(
    '3.2',
    'Planning',
    'out_of_court',
    'out-of-court disposals',
    'Planning is well-informed, holistic and personalised, actively involving the child and their parents/carers.',
    PLAN,
    ['out-of-court planning', 'oocd planning'],
  ),
  caseStandard(
    '3.3',
    'Implementation and delivery',
    'out_of_court',
    'out-of-court disposals',
    'High-quality, well-focused, personalised and coordinated services are delivered, engaging the child and their parents/carers.',
    DELIVER,
    [
      'out-of-court disposal delivery',
      'out-of-court implementation and delivery',
      'oocd delivery',
      'out-of-court disposals delivery',
    ],
  ),
];

const jointWorking = {
  id: '3.4',
  name: 'Joint working',
  aliases: ['joint working'],
  wording: U,
  statement:
    'Joint working with the police and other partners supports the delivery of high-quality, personalised and coordinated out-of-court disposals.',
  method: 'case_lowest_key_question',
  countsToScore: true,
  caseType: 'out_of_court',
  keyQuestions: [
    {
      id: '3.4.1',
      text: "Is the YOT's recommendation sufficiently well-informed, analytical and personalised to the child, supporting joint decision making?",
      wording: U,
    },
    {
      id: '3.4.2',
      text: 'Does the YOT work effectively with the police in implementing the out-of-court disposal?',
      wording: U,
    },
  ],
};
const oocdPolicy = {
  id: '3.4',
  name: 'Out-of-court disposal policy and provision',
  aliases: [
    'out-of-court disposal policy and provision',
    'oocd policy and provision',
    'outofcourt_disposal_policy_and_provision',
  ],
  wording: U,
  statement:
    'A high-quality, evidence-based out-of-court disposal service is in place that promotes diversion and supports sustainable desistance.',
  method: 'judgement',
  countsToScore: true,
  caseType: null,
  keyQuestions: [],
  notes:
    'Key questions for the 2021 standard 3.4 are unconfirmed; it is rated by panel judgement on policy and provision evidence.',
};
const resettlement = {
  id: '4.1',
  name: 'Resettlement policy and provision',
  aliases: ['resettlement', 'resettlement_policy_and_provision'],
  wording: U,
  statement: 'A high-quality, evidence-based resettlement service for children leaving custody is in place.',
  method: 'judgement',
  countsToScore: false,
  caseType: null,
  requiresCasesOfType: 'resettlement',
  keyQuestions: [],
  notes:
    'Rated but not scored: "The resettlement standard does not contribute to the overall rating." Not rated when the sample has no resettlement cases (Reading 2024). Numbering 4.1 is ours.',
};

const standardsScoring = {
  points: Object.fromEntries(FOUR_POINT.map((r) => [r.id, r.points])),
  caseBands: CASE_BANDS,
  roundBeforeBanding: false,
  maxOverrideSteps: 1,
  overall: { method: 'score_bands', bands: OVERALL_BANDS, whenScoredStandardNotRated: 'panel_decision' },
  caps: [],
};

const common = {
  inspectorate: 'HM Inspectorate of Probation',
  family: 'hmip-youth',
  ratingScale: FOUR_POINT.map(({ id, label }) => ({ id, label })),
  caseTypes: [
    { id: 'court', label: 'Court disposal' },
    { id: 'out_of_court', label: 'Out-of-court disposal' },
  ],
  ageRange: 'children aged 10 to 17',
};

const f2018 = {
  id: 'hmip-youth-2018',
  version: '2018.1',
  name: 'Youth offending services inspection standards (2018)',
  ...common,
  effective: {
    fieldworkFrom: '2018-06-01',
    fieldworkTo: '2021-07-14',
    publishedFrom: '2018-08-01',
    publishedTo: '2021-10-25',
  },
  domains: [
    { id: '1', name: 'Organisational delivery', standards: domainOne },
    { id: '2', name: 'Court disposals', standards: domainTwo },
    { id: '3', name: 'Out-of-court disposals', standards: [...domainThreeCases, jointWorking] },
  ],
  scoring: standardsScoring,
  unknowns: [
    {
      field: 'domains.*.standards.*.keyQuestions.*.text',
      note: 'Key question wording recalled from HMIP reports; not verified against the 2018 standards PDF.',
    },
    {
      field: 'scoring.caseBands',
      note: '80/65/50 thresholds and the lowest-key-question rule are consistent with all published data checked, but the rule text was not retrieved.',
    },
    {
      field: 'scoring.roundBeforeBanding',
      note: 'Whether banding uses rounded or exact percentages is unconfirmed; default exact.',
    },
    { field: 'scoring.maxOverrideSteps', note: 'Panel discretion limits are unconfirmed; default one band.' },
    {
      field: 'scoring.overall.bands',
      note: 'The 18/19 and 30/31 edges are confirmed by data; the 6/7 edge is only consistent with it.',
    },
    {
      field: 'effective.fieldworkTo',
      note: 'Cut-over to the 2021 standards was about mid-July 2021; exact date unconfirmed. Last Joint working rating published 12 Oct 2021.',
    },
  ],
  sources: [
    'https://www.justiceinspectorates.gov.uk/hmiprobation/about-hmi-probation/about-our-work/our-standards-and-ratings/',
  ],
};

const f2021 = {
  id: 'hmip-youth-2021',
  version: '2021.1',
  name: 'Youth justice inspection standards (2021 refresh)',
  ...common,
  caseTypes: [...common.caseTypes, { id: 'resettlement', label: 'Resettlement (released from custody)' }],
  effective: { fieldworkFrom: '2021-07-15', fieldworkTo: '2025-03-31', publishedFrom: '2021-10-26', publishedTo: null },
  domains: [
    { id: '1', name: 'Organisational delivery', standards: domainOne },
    { id: '2', name: 'Court disposals', standards: domainTwo },
    { id: '3', name: 'Out-of-court disposals', standards: [...domainThreeCases, oocdPolicy] },
    { id: '4', name: 'Resettlement', standards: [resettlement] },
  ],
  scoring: standardsScoring,
  unknowns: [
    {
      field: 'domains.*.standards.*.keyQuestions.*.text',
      note: 'Domain one key question changes in the 2021 refresh are unconfirmed; the 2018 set is used.',
    },
    {
      field: 'domains.3.standards.3.4',
      note: '2021 standard 3.4 key questions and rating method unconfirmed; modelled as panel judgement.',
    },
    {
      field: 'domains.4.standards.4.1',
      note: 'Resettlement rating method unconfirmed; modelled as panel judgement requiring resettlement cases.',
    },
    {
      field: 'effective.fieldworkFrom',
      note: 'About mid-July 2021; exact date unconfirmed. First OOCD policy rating published 26 Oct 2021 (Wirral).',
    },
    { field: 'scoring', note: 'Same scoring as 2018 (see that file).' },
  ],
  sources: [
    'https://www.justiceinspectorates.gov.uk/hmiprobation/about-hmi-probation/about-our-work/our-standards-and-ratings/',
  ],
};

const f2025 = {
  id: 'hmip-youth-2025',
  version: '2025.1',
  name: 'Inspection of youth justice work with children and victims (2025)',
  ...common,
  caseTypes: [
    { id: 'children', label: "Children's case" },
    { id: 'victims', label: "Victim's case" },
  ],
  effective: { fieldworkFrom: '2025-04-01', fieldworkTo: null, publishedFrom: '2025-04-01', publishedTo: null },
  domains: [
    {
      id: '1',
      name: 'Organisational delivery',
      standards: [
        {
          id: '1.1',
          name: 'Organisational delivery',
          aliases: ['appropriate adult'],
          wording: U,
          statement:
            'Organisational arrangements support high-quality work with children and victims, including Appropriate Adult arrangements.',
          method: 'judgement',
          countsToScore: false,
          caseType: null,
          keyQuestions: [],
          notes: 'Whether organisational delivery gets standard-level ratings in 2025 is unconfirmed.',
        },
      ],
    },
    {
      id: '2',
      name: 'Work with children',
      standards: [
        {
          id: '2.1',
          name: 'Work with children',
          aliases: ['work with children', 'assessing', 'planning', 'delivery', 'implementation and delivery'],
          wording: U,
          statement:
            'Court work, out-of-court disposals, resettlement, and bail and remand work with children is high quality.',
          method: 'case_lowest_key_question',
          countsToScore: false,
          caseType: 'children',
          keyQuestions: [
            {
              id: '2.1.1',
              text: 'Is assessing well-informed and does it support achieving positive change, keeping the child safe and keeping the community safe?',
              wording: U,
            },
            {
              id: '2.1.2',
              text: 'Does planning support achieving positive change, keeping the child safe and keeping the community safe?',
              wording: U,
            },
            {
              id: '2.1.3',
              text: 'Does delivery support achieving positive change, keeping the child safe and keeping the community safe?',
              wording: U,
            },
          ],
        },
      ],
    },
    {
      id: 'V',
      name: 'Work with victims',
      standards: [
        {
          id: 'V1',
          name: 'Work with victims',
          aliases: ['work with victims', 'victims'],
          wording: 'confirmed',
          statement:
            'Work with victims is high-quality, individualised and responsive, driving positive outcomes and safety for victims.',
          method: 'case_lowest_key_question',
          countsToScore: false,
          caseType: 'victims',
          keyQuestions: [
            {
              id: 'V1.1',
              text: 'Is work with victims high-quality, individualised, and responsive?',
              wording: 'confirmed',
            },
            {
              id: 'V1.2',
              text: 'Do organisational arrangements and activity drive quality, individualised, and responsive service for victims?',
              wording: 'confirmed',
            },
          ],
        },
      ],
    },
  ],
  scoring: {
    points: null,
    caseBands: CASE_BANDS,
    roundBeforeBanding: false,
    maxOverrideSteps: 1,
    overall: { method: 'judgement', bands: [], whenScoredStandardNotRated: 'panel_decision' },
    caps: [],
  },
  sampling: { children: { min: 14, max: 91 }, victims: { min: 9, max: 24 } },
  unknowns: [
    {
      field: 'scoring.points',
      note: 'Whether the 0-36 aggregate score survives in 2025 is unconfirmed (almost certainly not as-is); no score is computed.',
    },
    {
      field: 'scoring.overall.method',
      note: 'How the overall rating is derived from the two rated areas is unconfirmed; recorded as a panel judgement.',
    },
    { field: 'scoring.caseBands', note: 'Thresholds assumed unchanged from 2018/2021; unconfirmed.' },
    { field: 'domains.1', note: 'Whether organisational delivery still gets standard-level ratings is unconfirmed.' },
    {
      field: 'domains.2.standards.2.1.keyQuestions',
      note: 'Key question wording unconfirmed; reports organise findings by assessing, planning and delivery and by three aims.',
    },
    {
      field: 'domains.V.standards.V1.keyQuestions.V1.2',
      note: 'V1.2 is about organisational arrangements; modelled as answered per victim case, like V1.1 (unconfirmed).',
    },
  ],
  sources: [
    'https://hmiprobation.justiceinspectorates.gov.uk/news/new-youth-inspection-programme-framework',
    'https://hmiprobation.justiceinspectorates.gov.uk/?p=6564',
  ],
};

const fji = {
  id: 'hmip-youth-fji',
  version: '2012.1',
  name: 'Full Joint Inspection of youth offending work (legacy)',
  inspectorate: 'HM Inspectorate of Probation',
  family: 'hmip-youth-fji',
  ratingScale: [
    { id: 'good', label: 'Good' },
    { id: 'satisfactory', label: 'Satisfactory' },
    { id: 'unsatisfactory', label: 'Unsatisfactory' },
    { id: 'poor', label: 'Poor' },
  ],
  caseTypes: [{ id: 'statutory', label: 'Statutory case' }],
  ageRange: 'children and young people aged 10 to 17',
  effective: {
    fieldworkFrom: '2012-09-01',
    fieldworkTo: '2018-05-31',
    publishedFrom: '2012-09-01',
    publishedTo: '2018-07-31',
  },
  domains: [
    {
      id: 'A',
      name: 'Areas judged',
      standards: [
        ['A1', 'Reducing reoffending', ['reoffending', 'work to reduce reoffending']],
        ['A2', 'Protecting the public', ['work to protect the public']],
        ['A3', 'Protecting children and young people', ['work to protect children and young people']],
        [
          'A4',
          'Ensuring the sentence is served',
          ['making sure the sentence is served', 'ensuring the sentence was served'],
        ],
        [
          'A5',
          'Governance and partnership',
          ['governance', 'governance and partnership arrangements', 'effectiveness of governance'],
        ],
        [
          'A6',
          'Interventions to reduce reoffending',
          [
            'interventions',
            'work to deliver interventions',
            'support/interventions to reduce reoffending',
            'work on interventions to reduce offending',
          ],
        ],
        ['A7', 'Court work and reports', ['court work']],
      ].map(([id, name, aliases]) => ({
        id,
        name,
        aliases,
        wording: 'confirmed',
        statement: null,
        method: 'judgement',
        countsToScore: false,
        caseType: null,
        optional: true,
        keyQuestions: [],
      })),
    },
  ],
  scoring: null,
  unknowns: [
    {
      field: 'ratingScale',
      note: "2013 releases also use 'very good'; whether the formal scale had 4 or 5 points is unconfirmed.",
    },
    { field: 'scoring', note: 'No overall FJI grade was found in retrieved releases; none is recorded.' },
    {
      field: 'domains.A.standards',
      note: 'Five areas from 2013; six by 2016, the sixth being court work and reports or work to deliver interventions. Each inspection records the areas it judged.',
    },
  ],
  sources: [
    'https://www.gov.uk/government/publications/conducting-full-joint-inspections-of-youth-offending-work/carrying-out-full-joint-inspections-of-youth-offending-work',
  ],
};

for (const f of [f2018, f2021, f2025, fji]) {
  writeFileSync(new URL(`../frameworks/${f.id}.json`, import.meta.url), JSON.stringify(f, null, 2) + '\n');
}
