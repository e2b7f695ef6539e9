"""The invented stories behind the replica: people, story seeds and sentence templates.

Everything here is made up for the tests: the events, the people, the organisations
and the quotes. Places and agencies are real names used as scenery only. ``build.py``
combines these pieces with a seeded ``random.Random`` into article pages, so the
same description always gives the same site.

A seed describes one running story. Its lists feed the sentence templates:

- ``people``: ``(full reference, short reference)``, e.g. ``("Finance Minister X", "X")``
- ``titles`` / ``leads``: templates with ``{P} {S} {place} {org} {Org} {n} {N} {h} {k}
  {pct} {day} {event}`` slots (``n`` 2-40, ``N`` 1,200-95,000, ``h`` hundreds, ``k`` 4-9)
- ``claims``: clauses that can follow "said that"
- ``facts`` / ``bg``: full sentences (may use the slots too)
- ``quotes``: quotation text without the closing punctuation
- ``events``: noun phrases that can follow "days after"
- ``subheads``, ``captions``: subheadings and photo captions
"""

from __future__ import annotations

from typing import Any

SITE_NAME = "Al Mayadeen English"

#: Personal authors: (display name, short description). Slugs follow the site's rule.
AUTHORS: list[tuple[str, str]] = [
    ("Ja'far Al-Husseini", "Political analyst based in Beirut"),
    ("Rania Khoury", "Economics correspondent"),
    ("Tomás Ferreira", "Latin America correspondent"),
    ("Leila Mansour", "Writer on media and culture"),
    ("Daniel Okafor", "Reporter covering West Africa"),
    ("Mireille Saab", "Features writer"),
    ("Karim Zein", "Energy and maritime analyst"),
    ("Hana Odeh", "Health and environment reporter"),
    ("Peter Lindqvist", "Columnist on European affairs"),
    ("Yusuf Demir", "Technology writer"),
    ("Sara Whitcombe", "Researcher on US politics"),
    ("Nour El-Din Kassem", "Sports reporter"),
    ("سلمى حداد", "Writer for Al Mayadeen's Arabic site"),
]

PHOTOGRAPHERS: list[str] = [
    "Karim Haddad, Reuters",
    "Lina Sabbagh, AFP",
    "Omar Fakhoury, AP",
    "Mateo Ruiz, AP",
    "Adama Traoré, AFP",
    "Hussein Mallah, Al Mayadeen",
    "Anna Bergström, TT News Agency via AP",
    "Samer Bitar, Anadolu Agency",
    "Wei Zhang, Xinhua via AP",
    "Sergio Lima, Bloomberg via Getty Images",
]

SOURCES_NEWS: list[str] = [
    "Agencies",
    "Agencies",
    "Agencies",
    "Al Mayadeen English",
    "Al Mayadeen English + Agencies",
]

DAYS: list[str] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# ---------------------------------------------------------------------------
# Sentence templates shared by all seeds of a register.
# ---------------------------------------------------------------------------

NEWS_SENTENCES: list[str] = [
    "{P} said on {day} that {claim}.",
    "Speaking to reporters in {place}, {S} said {claim}.",
    "“{quote},” {S} said.",
    "“{quote},” {S} told Al Mayadeen English.",
    "“{quote},” {P} said in remarks carried by local media.",
    "{fact}",
    "{bg}",
    "{Org} said in a statement that {claim}.",
    "According to {org}, {claim}.",
    "Diplomats in {place} said privately that {claim}.",
    "The development comes {n} days after {event}.",
    "Local media in {place} reported that {claim}.",
    "{S} added that {claim}, describing the coming weeks as “decisive.”",
    "Officials familiar with the matter, speaking on condition of anonymity, said {claim}.",
    "Asked whether {claim}, {S} declined to go into detail.",
    "Earlier this week, {org} warned that {claim}.",
]

OPINION_SENTENCES: list[str] = [
    "{bg}",
    "{fact}",
    "It is tempting to believe that {claim}, but the record suggests otherwise.",
    "What is missing from most coverage is a simple point: {claim}.",
    "Those who insist that {claim} rarely ask who pays the price.",
    "“{quote},” as {P} put it not long ago.",
    "The lesson from {place} is that {claim}.",
    "None of this is new.",
    "If {claim}, then the burden of proof lies elsewhere.",
    "Seen from {place}, the picture looks rather different.",
    "The numbers tell part of the story; {org} itself concedes that {claim}.",
    "A decade ago, few would have predicted that {claim}.",
    "This is not a question of sympathy but of arithmetic.",
    "Nobody in {place} needed {org} to tell them that {claim}.",
]

VIDEO_SENTENCES: list[str] = [
    "{fact}",
    "The video looks at {claim}.",
    "Our team in {place} followed the story for {n} days.",
    "{bg}",
]

INFOGRAPH_SENTENCES: list[str] = [
    "{fact}",
    "The figures, compiled from data published by {org}, show {claim}.",
    "{bg}",
    "This infographic breaks down the numbers behind the story.",
]

GALLERY_SENTENCES: list[str] = [
    "{fact}",
    "Al Mayadeen English photographers spent {n} days in {place}.",
    "{bg}",
    "These pictures show how {claim}.",
    "{Org} helped our team with access.",
]

UPDATE_SENTENCES: list[str] = [
    "Update: {S} later confirmed that {claim}.",
    "This story was updated with further comments from officials in {place}, who said {claim}.",
]

TWEETS: list[tuple[str, str, str]] = [
    ("Delegations are arriving now. Long night ahead.", "Rami Tarabay", "ramitarabay_news"),
    ("Full statement expected within the hour, sources say.", "Newsdesk Levant", "levantdesk"),
    ("Crowds gathered outside the ministry since early morning.", "Inès Morel", "inesmorel"),
    ("The vote has been postponed to next week, per two MPs.", "Capitol Watch", "capwatch_daily"),
    ("Sirens in the port area, no injuries reported so far.", "Port Monitor", "portmonitor"),
]

# Read-more paragraph shapes: the link text is the target article's title.
READ_MORE_PREFIXES: list[str] = ["<strong>Read more: </strong>", "<strong>Read more:</strong> "]

# ---------------------------------------------------------------------------
# The seeds.
# ---------------------------------------------------------------------------

SEEDS: list[dict[str, Any]] = [
    # ------------------------------------------------------------ Politics
    {
        "key": "gaza-truce",
        "section": "/news/politics",
        "count": 8,
        "region": "Palestine",
        "coverage": "Gaza Truce Talks",
        "tags": ["Gaza", "Egypt", "Qatar", "Ceasefire", "Palestine"],
        "people": [
            ("Egyptian mediator Hisham Raafat", "Raafat"),
            ("Qatari envoy Saad Al-Mahmoud", "Al-Mahmoud"),
            ("Palestinian negotiator Walid Abu Zeid", "Abu Zeid"),
        ],
        "places": ["Cairo", "Doha", "Rafah", "Gaza City"],
        "orgs": [
            "the Egyptian foreign ministry",
            "the Palestinian Red Crescent",
            "the UN relief agency",
        ],
        "titles": [
            "Mediators in {place} report progress on Gaza truce draft",
            "{S}: Gaza truce talks enter 'final stretch' after {n} days",
            "Gaza: aid convoys wait at crossing as talks resume in {place}",
            "Truce negotiators reconvene in {place} amid pressure over aid access",
            "{S} says prisoner-exchange annex 'nearly complete'",
            "Gaza: {h} aid trucks cleared as mediators push for extension",
        ],
        "leads": [
            "Mediators meeting in {place} say a draft agreement on a truce in Gaza is closer than at any point in {n} weeks.",
            "{P} said on {day} that the remaining gaps in the truce draft concern the sequencing of aid deliveries.",
        ],
        "claims": [
            "the draft provides for a phased increase in aid deliveries",
            "both delegations had accepted the outline of a first phase",
            "the crossing would reopen for medical evacuations within days",
            "the sequencing of prisoner releases remained the main obstacle",
            "technical teams would meet again before the end of the week",
            "fuel deliveries to hospitals had been given priority in the draft",
        ],
        "facts": [
            "More than {h} trucks were waiting on the Egyptian side of the crossing on {day}, according to drivers.",
            "The UN relief agency says at least {pct} percent of shelters in the south are beyond capacity.",
            "Previous rounds of talks in {place} collapsed over the duration of the truce.",
            "Medical teams have asked for at least {n} evacuation slots a day.",
        ],
        "quotes": [
            "We are closer than we have been, but nothing is agreed until everything is agreed",
            "Every day without an agreement is paid for by civilians",
            "The aid must flow first; the rest can follow",
        ],
        "bg": [
            "The talks are being held under Egyptian and Qatari mediation, with delegations shuttling between separate rooms.",
            "Aid agencies have repeatedly warned that deliveries fall far short of daily needs.",
            "The truce draft is said to run to about {n} pages, including annexes on aid and prisoners.",
        ],
        "events": [
            "the last round of talks ended without a statement",
            "the crossing was closed for maintenance",
            "mediators presented a revised draft",
        ],
        "subheads": ["Aid first", "What the draft says", "Pressure from the street"],
        "captions": [
            "Trucks carrying aid line up at the Rafah crossing on {day}",
            "Delegates arrive for talks in {place}",
            "Families collect water at a distribution point in Gaza City",
        ],
    },
    {
        "key": "lebanon-rebuild",
        "section": "/news/politics",
        "count": 7,
        "region": "MENA",
        "coverage": "South Lebanon Reconstruction",
        "tags": ["Lebanon", "Reconstruction", "South Lebanon", "Parliament"],
        "people": [
            ("Public Works Minister Fadi Nassar", "Nassar"),
            ("MP Rima Jaber", "Jaber"),
            ("Tyre municipality head Ali Sweidan", "Sweidan"),
        ],
        "places": ["Beirut", "Tyre", "Nabatieh", "Bint Jbeil"],
        "orgs": [
            "the Council for the South",
            "the Lebanese cabinet",
            "the national reconstruction fund",
        ],
        "titles": [
            "Lebanon's cabinet approves reconstruction plan for {n} southern villages",
            "{S} pledges to reopen southern roads before winter",
            "Reconstruction fund in {place} receives first tranche of pledges",
            "Parliament debates south Lebanon rebuilding bill amid funding gaps",
            "Southern municipalities call for faster compensation payments",
            "Rebuilding in {place}: families return as {N} homes await repairs",
        ],
        "leads": [
            "Lebanon's government has approved the first phase of a plan to rebuild damaged villages in the south, {P} said.",
            "Municipal leaders in {place} say compensation payments are arriving too slowly for families who want to return home.",
        ],
        "claims": [
            "the first phase would focus on water networks and schools",
            "surveys of damaged buildings had been completed in {n} villages",
            "donor pledges covered less than half of the estimated cost",
            "contractors would be paid directly by the fund to avoid delays",
            "families would receive rent support until their homes were repaired",
        ],
        "facts": [
            "Engineers have surveyed {N} buildings so far, according to the Council for the South.",
            "About {pct} percent of the estimated cost has been pledged by donors.",
            "Several schools in the area are being used as temporary shelters.",
            'Residents have started calling the repaired coastal road "the road of return."',
        ],
        "quotes": [
            "People want to go home; our job is to make that possible before the rains",
            "The money promised must become money delivered",
            "We counted every house, street by street",
        ],
        "bg": [
            "Lebanon has been in a deep financial crisis since 2019, limiting the state's ability to fund large projects.",
            "Much of the damage is concentrated in border villages, where roads and water networks were hit.",
        ],
        "events": [
            "the cabinet's last session on the budget",
            "donors met in Beirut",
            "the survey of damaged buildings was published",
        ],
        "subheads": ["Funding gaps", "Back to the villages"],
        "captions": [
            "A resident inspects a damaged house in {place}",
            "Workers repair a water pipe near Tyre, south Lebanon",
        ],
    },
    {
        "key": "sahel-summit",
        "section": "/news/politics",
        "count": 6,
        "region": "Africa",
        "coverage": None,
        "tags": ["Sahel", "Niger", "Mali", "Burkina Faso", "Africa"],
        "people": [
            ("Niger's Foreign Minister Abdoulaye Sani", "Sani"),
            ("Malian official Fatoumata Keïta", "Keïta"),
            ("Burkinabe minister Issouf Compaoré-Diallo", "Compaoré-Diallo"),
        ],
        "places": ["Niamey", "Bamako", "Ouagadougou"],
        "orgs": [
            "the Alliance of Sahel States",
            "the regional customs authority",
            "the joint security secretariat",
        ],
        "titles": [
            "Sahel states agree on joint passport and customs union in {place}",
            "{S}: Sahel alliance to launch common investment bank",
            "Sahel summit in {place} sets timetable for joint force",
            "Sahel alliance leaders sign {n}-point declaration on trade",
            'Sahel states plan shared broadcaster to "tell our own story"',
        ],
        "leads": [
            "Leaders of the Sahel states met in {place} on {day} and agreed on a {n}-point plan covering trade, security and travel.",
            "{P} said the new bloc would have its own investment bank within a year.",
        ],
        "claims": [
            "a common passport would be issued from next year",
            "customs duties between member states would be phased out",
            "the joint force headquarters would be based in {place}",
            "the bloc was open to cooperation with all partners on equal terms",
            "the investment bank would prioritise roads and power lines",
        ],
        "facts": [
            "The three countries have a combined population of more than {n} million people.",
            "Trade between the member states grew by {pct} percent last year, according to the customs authority.",
            "The summit was the bloc's third since it was formed.",
        ],
        "quotes": [
            "Our sovereignty is not negotiable, and neither is our cooperation",
            "We will build the roads that connect our peoples",
            "This is a union of peoples before it is a union of states",
        ],
        "bg": [
            "The three Sahel states announced their alliance after withdrawing from the West African bloc ECOWAS.",
            "Landlocked and dependent on ports in neighbouring countries, the three states have sought new trade corridors.",
        ],
        "events": [
            "foreign ministers met in Bamako",
            "the alliance's founding charter was published",
            "the bloc's first joint exercise",
        ],
        "subheads": ["A common market", "Security first"],
        "captions": [
            "Delegates pose for a group photo at the summit in {place}",
            "A convoy crosses the border between Niger and Burkina Faso",
        ],
    },
    {
        "key": "eu-sanctions",
        "section": "/news/politics",
        "count": 7,
        "region": "Europe",
        "coverage": None,
        "tags": ["EU", "Sanctions", "Hungary", "Russia", "Europe"],
        "people": [
            ("EU foreign policy spokesperson Marta Kovač", "Kovač"),
            ("Hungarian minister Gábor Szilágyi", "Szilágyi"),
            ("Slovak MP Juraj Mikloš", "Mikloš"),
        ],
        "places": ["Brussels", "Budapest", "Luxembourg", "Strasbourg"],
        "orgs": ["the European Commission", "the Council of the EU", "the European Parliament"],
        "titles": [
            "EU ministers fail to agree on new sanctions package in {place}",
            "{S}: Budapest will not back sanctions 'that hurt Europeans more'",
            "EU sanctions vote delayed as {k} member states raise concerns",
            "Brussels proposes exemptions to win over sanctions holdouts",
            "European Parliament debate exposes split over energy sanctions",
            "EU diplomats say sanctions deal 'within reach' after {place} meeting",
        ],
        "leads": [
            "European Union foreign ministers ended a meeting in {place} without agreeing on a new package of sanctions, {P} said.",
            "Hungary and Slovakia have again blocked a sanctions package, arguing it would raise energy prices at home.",
        ],
        "claims": [
            "the package would include new restrictions on energy imports",
            "exemptions for landlocked states were still under discussion",
            "unanimity was required and no vote would be forced",
            "energy prices for households would rise if the package passed unchanged",
            "a compromise text would be circulated before the next summit",
        ],
        "facts": [
            "Sanctions decisions in the EU require the unanimous approval of all 27 member states.",
            "Energy prices in central Europe rose by {pct} percent over the past year, according to Eurostat figures cited by ministers.",
            "The proposal runs to more than {N} words and lists dozens of entities.",
        ],
        "quotes": [
            "We will not sign something that makes our citizens poorer",
            "Unity is our strength, but unity takes time",
            "There is a deal to be had if everyone is realistic",
        ],
        "bg": [
            "The EU has adopted more than a dozen sanctions packages since 2022, each harder to agree than the last.",
            "Several central European states remain dependent on pipeline energy supplies.",
        ],
        "events": [
            "the last sanctions package was adopted",
            "the commission presented its proposal",
            "the leaders' summit in Brussels",
        ],
        "subheads": ["Holdouts", "Energy bills"],
        "captions": [
            "Ministers arrive for the meeting in {place}",
            "A gas pipeline junction near the Hungarian border",
        ],
    },
    {
        "key": "andes-vote",
        "section": "/news/politics",
        "count": 6,
        "region": "Latin America",
        "coverage": None,
        "tags": ["Bolivia", "Peru", "Elections", "Latin America"],
        "people": [
            ("Bolivian electoral tribunal head Ximena Quispe", "Quispe"),
            ("Peruvian congressman Raúl Mamani", "Mamani"),
            ("candidate Lucía Paredes", "Paredes"),
        ],
        "places": ["La Paz", "Lima", "Cusco", "El Alto", "São Paulo"],
        "orgs": [
            "the electoral tribunal",
            "the regional observers' mission",
            "the national statistics office",
        ],
        "titles": [
            "Bolivia's electoral tribunal sets date for regional vote",
            "{S} rejects fraud claims as count nears completion",
            "Thousands march in {place} demanding early elections",
            "Andean observers praise turnout of {pct} percent in regional vote",
            "Peru's congress votes to reform electoral law after {n} hours of debate",
        ],
        "leads": [
            "Election officials in {place} say the count is almost complete and turnout reached a record {pct} percent.",
            "{P} rejected claims of irregularities, saying every tally sheet had been published online.",
        ],
        "claims": [
            "every tally sheet had been published online",
            "the final results would be announced within {n} days",
            "turnout in rural provinces had exceeded expectations",
            "the reform would reduce the number of parties eligible to run",
            "observers had found no evidence of systematic irregularities",
        ],
        "facts": [
            "Some {N} polling stations opened across the country.",
            "Observers from {n} countries monitored the vote.",
            "Turnout was highest in the highland provinces.",
        ],
        "quotes": [
            "The people have spoken, and the count is transparent",
            "We will respect the results, whatever they are",
            "This reform is about clarity for voters",
        ],
        "bg": [
            "The region has seen repeated political crises over the past decade, with presidents removed by congress or protests.",
            "Lithium and gas revenues have become central to electoral debates across the Andes.",
        ],
        "events": [
            "the campaign officially ended",
            "the first partial results were released",
            "the debate in congress began",
        ],
        "subheads": ["The count", "Reform debate"],
        "captions": [
            "Voters queue outside a polling station in {place}",
            "Election workers count ballots in El Alto",
        ],
    },
    {
        "key": "us-congress",
        "section": "/news/politics",
        "count": 6,
        "region": "US & Canada",
        "coverage": None,
        "tags": ["US", "Congress", "Washington", "Foreign Aid"],
        "people": [
            ("Senator Margaret Doyle", "Doyle"),
            ("Representative Carlos Vega", "Vega"),
            ("House aide Jonathan Price", "Price"),
        ],
        "places": ["Washington", "New York", "Ottawa"],
        "orgs": [
            "the Congressional Budget Office",
            "the House Appropriations Committee",
            "the State Department",
        ],
        "titles": [
            "US Senate delays vote on ${k} billion foreign aid bill",
            "{S}: aid bill 'will not pass' without oversight clause",
            "Protesters gather outside Capitol as House debates aid package",
            "Congressional Budget Office puts aid package cost at ${n} billion",
            "Canadian MPs question Ottawa's role in US-led aid scheme",
        ],
        "leads": [
            "The US Senate has postponed a vote on a foreign aid package after {n} senators demanded stricter oversight, {P} said.",
            "Lawmakers in {place} are divided over a spending bill that critics say lacks basic reporting rules.",
        ],
        "claims": [
            "the bill lacked basic reporting requirements",
            "a vote could take place as early as next week",
            "an oversight clause was being drafted by committee staff",
            "public support for the package had fallen sharply",
            "the cost estimate did not include administrative expenses",
        ],
        "facts": [
            "A recent poll found that {pct} percent of respondents opposed the package.",
            "The bill's text runs to {N} pages.",
            "At least {n} amendments have been filed.",
        ],
        "quotes": [
            "Taxpayers deserve to know where every dollar goes",
            "This is not the time for a blank cheque",
            "We have the votes, we just need the time",
        ],
        "bg": [
            "Foreign aid bills have become a flashpoint in Congress, splitting both parties.",
            "Campus and street protests have kept pressure on lawmakers throughout the year.",
        ],
        "events": [
            "the committee hearing",
            "the House passed its version of the bill",
            "the White House sent its funding request",
        ],
        "subheads": ["Oversight", "The numbers"],
        "captions": [
            "Protesters rally near the Capitol in Washington",
            "Senators leave a closed-door briefing",
        ],
    },
    {
        "key": "maritime-talks",
        "section": "/news/politics",
        "count": 6,
        "region": "Asia-Pacific",
        "coverage": None,
        "tags": ["South China Sea", "ASEAN", "Philippines", "China"],
        "people": [
            ("Philippine foreign secretary Ramon Dizon", "Dizon"),
            ("Chinese spokesperson Liu Wenjing", "Liu"),
            ("ASEAN official Siti Rahmawati", "Rahmawati"),
        ],
        "places": ["Manila", "Beijing", "Jakarta", "Kuala Lumpur"],
        "orgs": ["the ASEAN secretariat", "the coast guard", "the maritime affairs office"],
        "titles": [
            "ASEAN and China resume code of conduct talks in {place}",
            "{S} calls for 'calm and dialogue' after shoal incident",
            "Coast guards agree on hotline after {n} incidents this year",
            "Regional ministers in {place} push to finish maritime code",
            "Fishermen in {place} say new patrol rules leave them stranded",
        ],
        "leads": [
            "Negotiators from ASEAN and China met in {place} on {day} to resume talks on a code of conduct for disputed waters.",
            "{P} said a hotline between coast guards would be running within {n} weeks.",
        ],
        "claims": [
            "a hotline between the coast guards would be set up",
            "the code of conduct could be finalised next year",
            "fishermen would be allowed back into traditional grounds",
            "the incident had been exaggerated by foreign media",
            "joint search-and-rescue drills were being planned",
        ],
        "facts": [
            "Talks on the code of conduct have been going on for more than {n} years.",
            "Some {N} fishermen depend on the disputed fishing grounds.",
        ],
        "quotes": [
            "Dialogue is the only path that does not end in disaster",
            "We are neighbours; geography will not change",
            "The sea feeds all of us",
        ],
        "bg": [
            "Overlapping claims in the sea have led to repeated stand-offs between coast guard vessels.",
            "Washington's growing military presence in the region has complicated the talks.",
        ],
        "events": [
            "the last stand-off at the shoal",
            "the foreign ministers' meeting in Jakarta",
            "the coast guard published new patrol rules",
        ],
        "subheads": ["A hotline", "Fishing grounds"],
        "captions": [
            "Fishing boats moored in a harbour near {place}",
            "Delegates at the opening session in {place}",
        ],
    },
    # ------------------------------------------------------------ Economy
    {
        "key": "shipping-costs",
        "section": "/news/economy",
        "count": 7,
        "region": "MENA",
        "coverage": None,
        "tags": ["Shipping", "Red Sea", "Insurance", "Trade", "Economy"],
        "people": [
            ("shipping analyst Nadia Farouk", "Farouk"),
            ("port authority chief Mahmoud Ezzat", "Ezzat"),
            ("insurer Claire Ashby", "Ashby"),
        ],
        "places": ["Suez", "Jeddah", "Port Said", "Aqaba"],
        "orgs": [
            "the Suez Canal Authority",
            "a London-based insurance market",
            "the regional ports association",
        ],
        "titles": [
            "War-risk premiums for Red Sea voyages rise {pct} percent in a month",
            "Suez Canal revenues fall as ships take the long route",
            "{S}: shipping costs to stay high 'for the rest of the year'",
            "Port of {place} reports {pct} percent drop in container traffic",
            "Insurers & shipowners clash over Red Sea risk ratings",
        ],
        "leads": [
            "The cost of insuring ships sailing through the Red Sea has risen sharply, {P} said, as more carriers divert around Africa.",
            "Container traffic through {place} fell by {pct} percent last month, according to port figures.",
        ],
        "claims": [
            "premiums would remain high for the rest of the year",
            "the detour around Africa added about {n} days to each voyage",
            "smaller carriers were being priced out of the route",
            "importers were passing higher costs on to consumers",
            "canal revenues had fallen by about a third",
        ],
        "facts": [
            "About {N} vessels used the canal last month, down from the usual monthly average.",
            "Freight rates between Asia and northern Europe have roughly doubled.",
            "The longer route burns about {pct} percent more fuel.",
        ],
        "quotes": [
            "Every extra day at sea is money somebody has to pay",
            "Risk is being priced in, and it is not cheap",
            "We are adapting, but the costs are real",
        ],
        "bg": [
            "The Red Sea route normally carries around 12 percent of global trade.",
            "Egypt relies on canal revenues as a key source of foreign currency.",
        ],
        "events": [
            "insurers revised their risk maps",
            "two large carriers announced diversions",
            "the canal authority cut transit fees",
        ],
        "subheads": ["The long way round", "Who pays"],
        "captions": [
            "A container ship waits to enter the canal at {place}",
            "Cranes at the port of {place}",
        ],
    },
    {
        "key": "payments-network",
        "section": "/news/economy",
        "count": 6,
        "region": "Asia",
        "coverage": None,
        "tags": ["BRICS", "Payments", "Dollar", "Economy"],
        "people": [
            ("central banker Arvind Menon", "Menon"),
            ("economist Olga Petrenko", "Petrenko"),
            ("finance official Zhou Kai", "Zhou"),
        ],
        "places": ["New Delhi", "Shanghai", "Moscow", "Tashkent"],
        "orgs": [
            "the group's payments working group",
            "the central bank",
            "a regional development bank",
        ],
        "titles": [
            "BRICS payments network moves to pilot stage in {n} countries",
            "{S}: local-currency settlements to pass {pct} percent of trade",
            "Central banks test cross-border payment link in {place}",
            "Economists debate whether new payments system can rival SWIFT",
        ],
        "leads": [
            "A payments network linking the central banks of several emerging economies has entered a pilot phase, {P} said.",
            "Trade settled in local currencies among the group's members keeps growing, according to figures presented in {place}.",
        ],
        "claims": [
            "the pilot would cover trade in grain and fertiliser first",
            "settlement times could be cut to under a minute",
            "local-currency trade had grown by {pct} percent in a year",
            "the system was designed to complement, not replace, existing networks",
        ],
        "facts": [
            "The pilot involves {n} commercial banks.",
            "Transactions worth ${N} million were processed in the first month.",
        ],
        "quotes": [
            "This is about resilience, not about politics",
            "Nobody wants to be cut off from their own money again",
            "The plumbing of finance is changing quietly",
        ],
        "bg": [
            "Western sanctions have pushed several economies to look for alternatives to dollar-based payment channels.",
        ],
        "events": ["finance ministers met in Shanghai", "the working group published its report"],
        "subheads": ["The pilot"],
        "captions": [
            "Bank employees count notes in {place}",
            "Delegates at the finance ministers' meeting in {place}",
        ],
    },
    # ------------------------------------------------------------ Sports
    {
        "key": "west-asia-cup",
        "section": "/news/sports",
        "count": 5,
        "region": "MENA",
        "coverage": None,
        "tags": ["Football", "West Asia Cup", "Sports"],
        "people": [
            ("coach Ziad Haddad", "Haddad"),
            ("striker Omar Kanaan", "Kanaan"),
            ("federation president Samir Aoun", "Aoun"),
        ],
        "places": ["Amman", "Baghdad", "Muscat", "Beirut"],
        "orgs": ["the regional football federation", "the organising committee"],
        "titles": [
            "{S} scores twice as Lebanon reach West Asia Cup semifinal",
            "West Asia Cup: Iraq edge Oman {k}-1 in {place} thriller",
            "Fans pack stadium in {place} for West Asia Cup final",
            "Organisers in {place} promise new pitch after complaints",
            "Young squad surprises holders at West Asia Cup",
        ],
        "leads": [
            "Two goals from {S} sent Lebanon into the semifinals of the West Asia Cup in {place} on {day}.",
            "A crowd of {N} packed the stadium in {place} for a match decided in stoppage time.",
        ],
        "claims": [
            "the team had prepared for penalties all week",
            "the young squad was ahead of schedule",
            "ticket prices had been kept low to fill the stands",
            "the pitch would be relaid before the final",
        ],
        "facts": [
            "The stadium holds about {N} spectators.",
            "It was the team's {k}th win in a row.",
            "The winning goal came in the 93rd minute.",
        ],
        "quotes": [
            "The boys played with their hearts",
            "We came here to win, not to take part",
            "The fans carried us in the last minutes",
        ],
        "bg": [
            "The West Asia Cup brings together national teams from across the region every two years."
        ],
        "events": ["the group stage ended", "the draw was held in Amman"],
        "subheads": ["Stoppage-time drama"],
        "captions": [
            "Players celebrate after the final whistle in {place}",
            "Fans wave flags before kick-off",
        ],
    },
    {
        "key": "marathon",
        "section": "/news/sports",
        "count": 4,
        "region": "Africa",
        "coverage": None,
        "tags": ["Athletics", "Marathon", "Kenya", "Ethiopia"],
        "people": [
            ("runner Faith Chebet", "Chebet"),
            ("coach Dawit Alemu", "Alemu"),
            ("race director Grace Wanjiru", "Wanjiru"),
        ],
        "places": ["Nairobi", "Addis Ababa", "Eldoret"],
        "orgs": ["the national athletics federation", "the race organisers"],
        "titles": [
            "{S} breaks course record at {place} marathon",
            "Kenyan and Ethiopian runners sweep podium in {place}",
            "Marathon in {place} draws record {N} runners",
            "High-altitude camps in {place} attract foreign athletes",
        ],
        "leads": [
            "{P} broke the course record in {place} on {day}, finishing more than a minute ahead of the field.",
            "A record {N} runners took part in this year's race in {place}.",
        ],
        "claims": [
            "the record had stood for {n} years",
            "the cool morning had helped the leaders",
            "prize money had been doubled this year",
            "more young women were taking up long-distance running",
        ],
        "facts": [
            "The race starts at an altitude of about 2,400 metres.",
            "Runners from {n} countries took part.",
        ],
        "quotes": [
            "I felt strong from the first kilometre",
            "The altitude is our secret and our gift",
        ],
        "bg": ["East African runners have dominated long-distance events for decades."],
        "events": ["the national trials", "the federation announced its Olympic squad"],
        "subheads": ["A new record"],
        "captions": ["Runners set off at dawn in {place}", "{S} crosses the finish line"],
    },
    # ------------------------------------------------------------ Arts & Culture
    {
        "key": "book-fair",
        "section": "/news/arts-culture",
        "count": 4,
        "region": "MENA",
        "coverage": None,
        "tags": ["Books", "Culture", "Beirut", "Literature"],
        "people": [
            ("novelist Samar Khalil", "Khalil"),
            ("publisher Antoine Rizk", "Rizk"),
            ("poet Hassan Mroueh-Said", "Mroueh-Said"),
        ],
        "places": ["Beirut", "Sharjah", "Cairo"],
        "orgs": ["the publishers' union", "the fair's organising committee"],
        "titles": [
            "Beirut book fair returns with {n} publishers despite crisis",
            "{S}'s new novel sells out on the fair's opening day",
            "Arab publishers in {place} call for lower paper taxes",
            "Poetry nights draw young crowds at {place} book fair",
        ],
        "leads": [
            "The book fair opened in {place} on {day} with {n} publishers, fewer than before the crisis but more than last year.",
            "{P} said readers were coming back to printed books despite rising prices.",
        ],
        "claims": [
            "readers were coming back to printed books",
            "paper prices had tripled in two years",
            "translations were the fastest-growing category",
            "the fair would stay open late on weekends",
        ],
        "facts": ["Entry to the fair is free.", "The programme includes {n} book signings."],
        "quotes": [
            "A city that reads is a city that survives",
            "Books are still the cheapest way to travel",
        ],
        "bg": [
            "The fair has been held almost every year since the 1950s, interrupted only by war and the pandemic."
        ],
        "events": ["the publishers' union met", "last year's fair closed"],
        "subheads": ["Readers return"],
        "captions": [
            "Visitors browse stalls at the fair in {place}",
            "A reader at a stand of children's books",
        ],
    },
    {
        "key": "film-festival",
        "section": "/news/arts-culture",
        "count": 3,
        "region": "Latin America",
        "coverage": None,
        "tags": ["Cinema", "Cuba", "Festival"],
        "people": [
            ("director Elena Castillo", "Castillo"),
            ("festival head Marcos Ibarra", "Ibarra"),
        ],
        "places": ["Havana", "Bogotá", "Mexico City"],
        "orgs": ["the festival jury", "the national film institute"],
        "titles": [
            "{S}'s documentary wins top prize at {place} film festival",
            "Havana festival screens {n} films from the Global South",
            "Independent filmmakers in {place} launch distribution cooperative",
        ],
        "leads": ["A documentary by {P} won the top prize at the festival in {place} on {day}."],
        "claims": [
            "the film had been shot over {n} years",
            "independent cinema needed its own distribution networks",
            "audiences wanted stories from their own neighbourhoods",
        ],
        "facts": ["The festival screened {n} films this year.", "Tickets sold out within hours."],
        "quotes": ["We filmed what nobody else wanted to film", "Cinema is memory"],
        "bg": [
            "The festival has long been a meeting point for filmmakers from Latin America, Africa and Asia."
        ],
        "events": ["the jury announced its shortlist"],
        "subheads": ["The winners"],
        "captions": [
            "{S} holds the award on stage in {place}",
            "Audience members queue outside a cinema",
        ],
    },
    # ------------------------------------------------------------ Health
    {
        "key": "cholera",
        "section": "/news/health",
        "count": 4,
        "region": "Africa",
        "coverage": None,
        "tags": ["Cholera", "Vaccines", "WHO", "Health"],
        "people": [
            ("health minister Amina Diop", "Diop"),
            ("WHO official Joseph Mwangi", "Mwangi"),
        ],
        "places": ["Lusaka", "Harare", "Lilongwe"],
        "orgs": ["the World Health Organization", "the health ministry"],
        "titles": [
            "Cholera vaccination campaign reaches {N} people in {place}",
            "{S}: cholera cases falling after mass vaccination",
            "Health workers in {place} race to contain cholera before rains",
            "Shortage of oral vaccines slows cholera response",
        ],
        "leads": [
            "A mass vaccination campaign against cholera has reached {N} people in and around {place}, {P} said.",
            "Health workers in {place} are racing to contain an outbreak before the rainy season.",
        ],
        "claims": [
            "new cases had fallen by {pct} percent in two weeks",
            "global stocks of oral vaccine were running low",
            "clean water was as important as vaccines",
            "treatment centres had enough beds for now",
        ],
        "facts": ["The vaccine is given as an oral dose.", "Health teams visited {N} households."],
        "quotes": ["Every dose counts", "Cholera is a disease of poverty, and it can be beaten"],
        "bg": [
            "Cholera outbreaks have surged worldwide in recent years, straining the global vaccine stockpile."
        ],
        "events": ["the first cases were confirmed", "the WHO released emergency stocks"],
        "subheads": ["Vaccines and water"],
        "captions": [
            "A health worker gives an oral vaccine in {place}",
            "Residents collect treated water",
        ],
    },
    {
        "key": "hospital-fuel",
        "section": "/news/health",
        "count": 3,
        "region": "Palestine",
        "coverage": "Gaza Truce Talks",
        "tags": ["Gaza", "Hospitals", "Health", "Palestine"],
        "people": [
            ("hospital director Dr. Khaled Shurrab", "Shurrab"),
            ("nurse Maha Abu Shamala", "Abu Shamala"),
        ],
        "places": ["Khan Younis", "Gaza City", "Deir al-Balah"],
        "orgs": ["the health ministry in Gaza", "the World Health Organization"],
        "titles": [
            "Hospitals in {place} ration fuel as generators run for {k} hours a day",
            "{S}: 'we choose each day which ward gets power'",
            "Medical teams in {place} appeal for solar panels and batteries",
        ],
        "leads": [
            "Hospitals in {place} are rationing fuel, running generators only a few hours a day, {P} said."
        ],
        "claims": [
            "generators were running only {k} hours a day",
            "dialysis patients were the most at risk",
            "solar panels could cover part of the demand",
        ],
        "facts": [
            "The hospital has {n} intensive care beds.",
            "Fuel deliveries arrive irregularly.",
        ],
        "quotes": [
            "We choose each day which ward gets power",
            "Doctors here are working without rest",
        ],
        "bg": ["Fuel shortages have repeatedly forced hospitals to suspend services."],
        "events": ["the last fuel delivery arrived", "the WHO visited the hospital"],
        "subheads": ["Rationing"],
        "captions": [
            "A nurse checks equipment in a ward in {place}",
            "A generator outside the hospital",
        ],
    },
    # ------------------------------------------------------------ Miscellaneous
    {
        "key": "misc",
        "section": "/news/miscellaneous",
        "count": 6,
        "region": None,
        "coverage": None,
        "tags": ["Weather", "Heatwave", "Society"],
        "people": [
            ("meteorologist Ivana Horvat", "Horvat"),
            ("fisherman Yiannis Papadakis", "Papadakis"),
            ("zookeeper Mehmet Arslan", "Arslan"),
        ],
        "places": ["Athens", "Izmir", "Split", "Alexandria"],
        "orgs": ["the national weather service", "the coast guard", "the city council"],
        "titles": [
            "Heatwave sets {n}-year temperature record in {place}",
            "Stranded fishermen rescued after {n} days adrift off {place}",
            "Zoo in {place} gives animals ice treats as temperatures soar",
            "{place} opens night-time parks to escape the heat",
            "Power cuts hit {place} as demand for air conditioning peaks",
            "Lost wedding ring found inside fish at {place} market",
        ],
        "leads": [
            "Temperatures in {place} reached a record on {day}, {P} said, as authorities opened cooling centres.",
            "The coast guard rescued {n} fishermen off {place} after their engine failed.",
        ],
        "claims": [
            "the heat would ease by the weekend",
            "cooling centres would stay open overnight",
            "the fishermen had survived on rainwater",
            "electricity demand had hit an all-time high",
        ],
        "facts": [
            "Temperatures reached 44 degrees Celsius in the afternoon.",
            "The city opened {n} cooling centres.",
        ],
        "quotes": ["I have never felt heat like this", "We thought nobody would find us"],
        "bg": ["Heatwaves across the Mediterranean have become longer and more frequent."],
        "events": ["the weather service issued a red alert", "the fishermen were reported missing"],
        "subheads": ["Record heat"],
        "captions": [
            "People cool off in a fountain in {place}",
            "A coast guard boat returns to harbour",
        ],
    },
    # ------------------------------------------------------------ Technology
    {
        "key": "subsea-cable",
        "section": "/news/technology",
        "count": 4,
        "region": "MENA",
        "coverage": None,
        "tags": ["Internet", "Cables", "Telecoms", "Technology"],
        "people": [
            ("network engineer Tarek Boutros", "Boutros"),
            ("telecoms regulator Hala Nasser", "Nasser"),
        ],
        "places": ["Marseille", "Alexandria", "Djibouti"],
        "orgs": ["the cable consortium", "the telecoms regulator"],
        "titles": [
            "Repairs begin on damaged subsea cables off {place}",
            "Internet speeds in {n} countries slowed by cable cuts",
            "{S}: region needs 'more routes, not more promises' for data",
            "New subsea cable to land in {place} by next year",
        ],
        "leads": ["A repair ship has begun work on subsea cables damaged off {place}, {P} said."],
        "claims": [
            "repairs could take {n} weeks",
            "traffic had been rerouted through other cables",
            "the region relied on too few landing points",
        ],
        "facts": [
            "About {pct} percent of the region's traffic was affected.",
            "The cable is {N} kilometres long.",
        ],
        "quotes": [
            "The internet is physical, it lives on the seabed",
            "Redundancy is not a luxury",
        ],
        "bg": ["Most international internet traffic travels through undersea cables."],
        "events": ["the cables were damaged", "the consortium announced the repair plan"],
        "subheads": ["Rerouting traffic"],
        "captions": [
            "A cable-laying ship in port at {place}",
            "Engineers at a cable landing station",
        ],
    },
    {
        "key": "chip-rules",
        "section": "/news/technology",
        "count": 4,
        "region": "Asia",
        "coverage": None,
        "tags": ["Semiconductors", "China", "Export Controls", "Technology"],
        "people": [
            ("industry analyst Mei Lin Tan", "Tan"),
            ("trade official Park Ji-hoon", "Park"),
        ],
        "places": ["Shenzhen", "Seoul", "Taipei"],
        "orgs": ["the semiconductor industry association", "the commerce ministry"],
        "titles": [
            "Chipmakers in {place} ramp up domestic tools after export curbs",
            "{S}: export controls 'accelerated' local chip industry",
            "New chip plant in {place} to start production in {n} months",
            "AI chip shortage pushes startups to share computing power",
        ],
        "leads": [
            "Chipmakers in {place} are investing heavily in domestic equipment after new export restrictions, {P} said."
        ],
        "claims": [
            "export controls had accelerated local development",
            "domestic tools now covered {pct} percent of production steps",
            "the shortage of advanced chips would last into next year",
        ],
        "facts": [
            "The plant will employ about {N} people.",
            "Investment in the sector rose by {pct} percent.",
        ],
        "quotes": [
            "Restrictions are the best motivation",
            "Nobody can stop an industry that has learned to build its own tools",
        ],
        "bg": ["Washington has tightened restrictions on chip exports several times since 2022."],
        "events": ["the new rules were published", "the industry association met"],
        "subheads": ["Going domestic"],
        "captions": ["Workers in a clean room in {place}", "A silicon wafer on display"],
    },
    # ------------------------------------------------------------ Environment
    {
        "key": "river-drought",
        "section": "/news/environment",
        "count": 4,
        "region": "MENA",
        "coverage": None,
        "tags": ["Iraq", "Drought", "Water", "Climate"],
        "people": [
            ("water resources official Hamid Al-Saadi", "Al-Saadi"),
            ("farmer Abbas Kadhim", "Kadhim"),
        ],
        "places": ["Basra", "Nasiriyah", "the Mesopotamian Marshes"],
        "orgs": ["the water resources ministry", "a farmers' union"],
        "titles": [
            "Tigris water levels fall to lowest in {n} years",
            "{S}: drought forcing families to leave {place}",
            "Marsh buffalo herders move north as water turns salty",
            "Iraq launches drip irrigation scheme for {N} farms",
        ],
        "leads": [
            "Water levels in the Tigris have fallen to their lowest point in decades, {P} said."
        ],
        "claims": [
            "salinity had made the water unusable for livestock",
            "upstream dams were reducing the flow",
            "drip irrigation could cut water use by {pct} percent",
        ],
        "facts": [
            "Rainfall this season was {pct} percent below average.",
            "About {N} families have left the area.",
        ],
        "quotes": [
            "The river was our life, now it is a stream",
            "Without water there is no farming and no future",
        ],
        "bg": ["Iraq is considered one of the countries most vulnerable to climate change."],
        "events": ["the ministry declared a water emergency", "talks on water sharing stalled"],
        "subheads": ["Salt in the water"],
        "captions": ["A dried riverbed near {place}", "Water buffalo in the marshes"],
    },
    {
        "key": "wildfires",
        "section": "/news/environment",
        "count": 3,
        "region": "Europe",
        "coverage": None,
        "tags": ["Wildfires", "Greece", "Climate"],
        "people": [
            ("fire service spokesman Nikos Stavrou", "Stavrou"),
            ("mayor Eleni Markou", "Markou"),
        ],
        "places": ["Evia", "Attica", "Rhodes"],
        "orgs": ["the fire service", "the civil protection agency"],
        "titles": [
            "Wildfire on {place} forces evacuation of {n} villages",
            "Firefighters contain blaze on {place} after {n} days",
            "{S}: volunteers key to saving olive groves from fire",
        ],
        "leads": ["Firefighters have battled a wildfire on {place} for {k} days, {P} said."],
        "claims": [
            "the fire was contained",
            "strong winds had fanned the flames",
            "volunteers had saved several villages",
        ],
        "facts": [
            "More than {N} hectares have burned.",
            "At least {k} aircraft joined the effort.",
        ],
        "quotes": ["We fought it house by house", "The wind changed and everything changed"],
        "bg": ["Summers in Greece have brought ever larger fires in recent years."],
        "events": ["the fire broke out", "the evacuation order was issued"],
        "subheads": ["The front line"],
        "captions": ["A firefighting plane drops water over {place}", "Burned olive trees"],
    },
    # ------------------------------------------------------------ Opinion
    {
        "key": "opinion-multipolar",
        "section": "/articles/opinion",
        "count": 6,
        "region": None,
        "coverage": None,
        "tags": ["Multipolarity", "Global South", "Opinion"],
        "people": [
            ("the economist Samir Amin-Rahal", "Amin-Rahal"),
            ("former diplomat Karen Holt", "Holt"),
        ],
        "places": ["Johannesburg", "Brasília", "Jakarta", "Beirut"],
        "orgs": ["the IMF", "the G7", "the World Bank"],
        "titles": [
            "The Global South is no longer waiting for permission",
            "Why the old order cannot buy its way back",
            "Sanctions & the limits of economic pressure",
            "What {place} understands that Washington does not",
            "A world of many centres is not a world of chaos",
            "The quiet end of the lecture tour",
        ],
        "leads": [
            "The countries that were told to wait their turn have stopped waiting, and the rest of the world is struggling to adjust.",
            "For decades, the Global South was lectured; today it is negotiating, and that changes everything.",
        ],
        "claims": [
            "economic pressure no longer produces the results it once did",
            "the old institutions have lost the trust of much of the world",
            "new alliances are built on trade rather than ideology",
            "the age of a single centre of power is over",
            "development cannot be dictated from outside",
        ],
        "facts": [
            "The share of global output produced outside the G7 has risen steadily for {n} years.",
            "Dozens of countries have applied to join new economic groupings.",
        ],
        "quotes": [
            "The map of power is being redrawn, whether we like it or not",
            "You cannot sanction half the world",
        ],
        "bg": [
            "The post-war order was built by a handful of states for a world that no longer exists.",
            "Much of the Global South remembers structural adjustment programmes all too well.",
        ],
        "events": ["the last summit of the group"],
        "subheads": ["An old script", "What comes next"],
        "captions": ["Leaders at a summit in {place}"],
    },
    {
        "key": "opinion-media",
        "section": "/articles/opinion",
        "count": 6,
        "region": None,
        "coverage": None,
        "tags": ["Media", "Journalism", "Opinion"],
        "people": [
            ("media scholar Nadine Haidar", "Haidar"),
            ("former editor Thomas Wright", "Wright"),
        ],
        "places": ["London", "Beirut", "New York"],
        "orgs": ["the newsroom", "the press council"],
        "titles": [
            "The passive voice is a political choice",
            "When headlines forget who did what to whom",
            "Why “both sides” journalism fails its readers",
            "Newsrooms & the language of erasure",
            "The story the cameras were not allowed to tell",
            "Reading the news from {place}",
        ],
        "leads": [
            "Grammar is never neutral: the way a headline is built tells the reader whom to see and whom to forget.",
            "Media coverage has a vocabulary of its own, and it deserves as much scrutiny as the events it describes.",
        ],
        "claims": [
            "language shapes what audiences consider normal",
            "the choice of words reflects editorial priorities",
            "readers are more sceptical than editors assume",
            "balance is not the same as accuracy",
        ],
        "facts": [
            'Editors still prefer words such as "clashes" and "tensions" to describe one-sided events.',
            "A study of {N} headlines found striking differences in the use of active verbs.",
            "Trust in news media has fallen for {n} years in a row.",
        ],
        "quotes": [
            "Every headline is an editorial decision",
            "Neutrality that ignores power is not neutral",
        ],
        "bg": ["Media scholars have long argued that framing matters as much as facts."],
        "events": ["the study was published"],
        "subheads": ["Who did what", "The reader's burden"],
        "captions": ["Newspapers on a stand in {place}"],
    },
    # ------------------------------------------------------------ Analysis
    {
        "key": "analysis-energy",
        "section": "/articles/analysis",
        "count": 5,
        "region": "Europe",
        "coverage": None,
        "tags": ["Energy", "LNG", "Europe", "Gas"],
        "people": [("energy analyst Karim Zein", "Zein"), ("trader Henrik Voss", "Voss")],
        "places": ["Rotterdam", "Doha", "Berlin", "Algiers"],
        "orgs": ["the International Energy Agency", "European gas buyers"],
        "titles": [
            "Europe's LNG bet: cheaper gas, dearer dependence",
            "Algeria's pipelines and Europe's winter arithmetic",
            "Why gas prices in {place} tell a bigger story",
            "The hidden cost of Europe's energy pivot",
            "Storage is full; the problem is next year",
        ],
        "leads": [
            "Europe has replaced pipeline gas with shipped gas, but the new dependence comes with a price that is only now becoming visible.",
            "Behind the reassuring storage figures lies a market that is more exposed than ever to distant shocks.",
        ],
        "claims": [
            "shipped gas costs significantly more than pipeline gas",
            "industrial demand in Europe has fallen for good",
            "storage levels hide a structural deficit",
            "long-term contracts are making a comeback",
        ],
        "facts": [
            "Imports of liquefied gas rose by {pct} percent in two years.",
            "European storage sites were {pct} percent full at the start of winter.",
            "Industrial gas use in Germany is down by about a fifth.",
        ],
        "quotes": [
            "The crisis did not end, it changed shape",
            "Cheap energy was Europe's hidden subsidy",
        ],
        "bg": ["Before 2022, pipeline gas supplied the bulk of Europe's imports."],
        "events": ["the last winter's price spike"],
        "subheads": ["The price of flexibility", "Industry pays", "What to watch"],
        "captions": ["An LNG tanker at the terminal in {place}"],
    },
    {
        "key": "analysis-redsea",
        "section": "/articles/analysis",
        "count": 4,
        "region": "MENA",
        "coverage": None,
        "tags": ["Red Sea", "Yemen", "Shipping", "Security"],
        "people": [
            ("maritime analyst Reem Al-Absi", "Al-Absi"),
            ("retired admiral Graham Pike", "Pike"),
        ],
        "places": ["Bab el-Mandeb", "Sanaa", "Djibouti", "Aden"],
        "orgs": ["naval planners", "the shipping industry"],
        "titles": [
            "The Red Sea shows the limits of naval power",
            "Bab el-Mandeb: a chokepoint that rewrote the rules",
            "How a narrow strait changed global shipping",
            "Escorts, insurance and the economics of deterrence",
        ],
        "leads": [
            "A narrow strait has exposed how little naval fleets can guarantee when the costs of passage are set by insurers."
        ],
        "claims": [
            "naval escorts cannot restore commercial confidence",
            "insurers set the real terms of passage",
            "the crisis has a political solution rather than a military one",
        ],
        "facts": [
            "Roughly {pct} percent of container traffic has diverted.",
            "Escort missions cost {N} dollars a day per ship.",
        ],
        "quotes": [
            "You cannot escort your way out of a political problem",
            "Deterrence is a theory; insurance is a price",
        ],
        "bg": ["The strait is less than 30 kilometres wide at its narrowest point."],
        "events": ["the naval coalition was announced"],
        "subheads": ["Limits of escorts", "The political key"],
        "captions": ["A tanker passes through the strait"],
    },
    # ------------------------------------------------------------ Blog
    {
        "key": "blog-diary",
        "section": "/articles/blog",
        "count": 5,
        "region": "MENA",
        "coverage": None,
        "tags": ["Beirut", "Diary", "Society"],
        "people": [("my neighbour Abu Fadi", "Abu Fadi"), ("the baker Umm Nabil", "Umm Nabil")],
        "places": ["Hamra Street", "the Corniche", "Mar Mikhael", "Burj Hammoud"],
        "orgs": ["the electricity company", "the building committee"],
        "titles": [
            "Notes from a Beirut rooftop: the generator's song",
            "The bakery on {place} never closed",
            "A city that measures time in power cuts",
            "Letters I did not send from {place}",
            "What the sea told me on the Corniche",
        ],
        "leads": [
            "In Beirut, the day begins when the generator starts and ends when it falls silent; everything else is negotiable."
        ],
        "claims": [
            "the city keeps going out of habit more than hope",
            "neighbours know each other better during blackouts",
            "the sea is the only free thing left",
        ],
        "facts": [
            "The generator runs from six in the evening until midnight.",
            "A bundle of bread costs {k} times what it did five years ago.",
        ],
        "quotes": [
            "We have survived worse, and we will complain about this too",
            "Sit down, the coffee is ready",
        ],
        "bg": ["Power cuts have become part of daily life in Lebanon."],
        "events": ["the last big blackout"],
        "subheads": ["Evening"],
        "captions": ["Balconies on a street in {place}", "A bakery oven before dawn"],
    },
    # ------------------------------------------------------------ Features
    {
        "key": "feature-boats",
        "section": "/articles/features",
        "count": 4,
        "region": "MENA",
        "coverage": None,
        "tags": ["Syria", "Crafts", "Heritage", "Arwad"],
        "people": [("boatbuilder Mustafa Tayyan", "Tayyan"), ("his apprentice Jad Hamwi", "Hamwi")],
        "places": ["Arwad", "Tartus", "Latakia"],
        "orgs": ["the heritage directorate", "the fishermen's cooperative"],
        "titles": [
            "The last wooden boatbuilders of {place}",
            "On {place}, a craft passed from hand to hand",
            "Cedar, pine and patience: building boats in {place}",
            "A year with the shipwrights of Arwad",
        ],
        "leads": [
            "On a small island off the Syrian coast, a handful of craftsmen still build wooden boats by hand, as their grandfathers did."
        ],
        "claims": [
            "wooden boats last longer than fibreglass ones",
            "young people are returning to the craft",
            "each boat takes months to finish",
        ],
        "facts": [
            "A medium-sized fishing boat takes about {n} months to build.",
            "Only {n} workshops remain on the island.",
        ],
        "quotes": [
            "The wood tells you where it wants to bend",
            "My father never used a drawing, only his eyes",
        ],
        "bg": ["Arwad has been a shipbuilding centre since antiquity."],
        "events": ["the last boat was launched"],
        "subheads": ["The workshop", "Apprentices"],
        "captions": [
            "{S} shapes a plank in his workshop on {place}",
            "A half-built hull on the shore",
        ],
    },
    {
        "key": "feature-lithium",
        "section": "/articles/features",
        "count": 3,
        "region": "Latin America",
        "coverage": None,
        "tags": ["Lithium", "Chile", "Argentina", "Mining"],
        "people": [
            ("community leader Rosa Condori", "Condori"),
            ("hydrologist Andrés Muñoz", "Muñoz"),
        ],
        "places": ["the Atacama", "Salinas Grandes", "Uyuni"],
        "orgs": ["the mining company", "the indigenous communities' council"],
        "titles": [
            "Salt, water and lithium: life on the edge of {place}",
            "In {place}, communities count every drop",
            "Who owns the white gold of the Andes?",
        ],
        "leads": [
            "On the high salt flats, communities that have herded llamas for centuries are asking what the lithium boom will leave behind."
        ],
        "claims": [
            "brine extraction was lowering groundwater levels",
            "communities wanted a share of the revenue",
            "consultation had been a formality",
        ],
        "facts": [
            "Evaporation ponds cover {N} hectares.",
            "Lithium prices have swung by more than {pct} percent in two years.",
        ],
        "quotes": ["The salt flat is not empty, we live here", "Water is worth more than lithium"],
        "bg": [
            "The so-called lithium triangle holds more than half of the world's known reserves."
        ],
        "events": ["the new concessions were granted"],
        "subheads": ["Counting water"],
        "captions": ["Evaporation ponds in {place}", "{S} walks across the salt flat"],
    },
    # ------------------------------------------------------------ Foreign press (+ bare article)
    {
        "key": "foreign-press",
        "section": "/articles/foreign-press",
        "count": 3,
        "region": "US & Canada",
        "coverage": None,
        "tags": ["US", "Foreign Press", "Economy"],
        "people": [("columnist Richard Hale", "Hale"), ("analyst Jennifer Moss", "Moss")],
        "places": ["Washington", "Chicago", "Toronto"],
        "orgs": ["The Northern Ledger", "The Capital Review"],
        "titles": [
            "The Northern Ledger: America's rail network is falling behind",
            "The Capital Review: why US voters are tired of foreign wars",
            "Canadian housing costs push young families to the suburbs",
        ],
        "leads": ["An article in {org} argues that {claim}, citing figures from {place}."],
        "claims": [
            "infrastructure spending has failed to keep pace with needs",
            "voters prioritise domestic issues over foreign policy",
            "housing costs are reshaping family life",
        ],
        "facts": [
            "The author cites a survey of {N} respondents.",
            "Spending on maintenance fell by {pct} percent over a decade.",
        ],
        "quotes": [
            "We are living off the investments of our grandparents",
            "The kitchen table beats the map table every time",
        ],
        "bg": [
            "Al Mayadeen English publishes summaries of articles from the foreign press; the views are the authors' own."
        ],
        "events": ["the report was released"],
        "subheads": ["The argument"],
        "captions": ["A commuter train in {place}"],
    },
    # ------------------------------------------------------------ Videos
    {
        "key": "video-newsfeed",
        "section": "/videos/newsfeed",
        "count": 7,
        "pin_place": True,
        "region": None,
        "coverage": None,
        "tags": ["Video", "News"],
        "people": [("our correspondent Rami Tarabay", "Tarabay"), ("reporter Inès Morel", "Morel")],
        "places": ["Beirut", "Cairo", "Baghdad", "Tehran", "Caracas", "Tunis"],
        "orgs": ["local authorities", "the organisers", "the civil defence"],
        "pairs": [
            [
                "Watch: crowds gather in {place} as results are announced",
                "Footage from {place} shows crowds gathering in the main square as the results were read out.",
            ],
            [
                "Watch: floods sweep through streets of {place}",
                "Footage from {place} shows residents clearing mud from their homes after a night of heavy rain.",
            ],
            [
                "Scenes from {place} as festival returns after {n} years",
                "Footage from {place} shows families filling the old town for the first festival in years.",
            ],
            [
                "Watch: farmers block highway near {place} over fuel prices",
                "Farmers parked their tractors across the main highway near {place} to protest rising fuel prices.",
            ],
            [
                "Watch: rescue teams search rubble after building collapse in {place}",
                "Rescue teams in {place} worked through the night after an old residential building collapsed.",
            ],
            [
                "Watch: marathon runners brave the heat in {place}",
                "Thousands of amateur runners took part in {place}'s city marathon despite temperatures above 35 degrees.",
            ],
            [
                "Watch: students rally in {place} for cheaper transport",
                "Students marched through central {place} calling for a cut in public transport fares.",
            ],
        ],
        "claims": [
            "the crowds in the main square",
            "the clean-up in the hardest-hit streets",
            "the volunteers helping rescue teams",
            "the mood among the protesters",
        ],
        "facts": [
            "The footage was filmed on {day}.",
            "Authorities said {n} people were affected.",
            "The video was shot by our team on the ground.",
        ],
        "quotes": ["We have never seen anything like this"],
        "bg": ["Al Mayadeen English brings you the day's events in short video reports."],
        "events": ["the storm hit"],
        "subheads": [],
        "captions": [],
    },
    {
        "key": "video-features",
        "section": "/videos/video-features",
        "count": 4,
        "pin_place": True,
        "region": "MENA",
        "coverage": None,
        "tags": ["Video", "Heritage", "Society"],
        "people": [("craftswoman Samira Hallak", "Hallak"), ("historian Bassam Qasem", "Qasem")],
        "places": ["Aleppo", "Tripoli", "Sidon", "Fez"],
        "orgs": ["the old city's craftsmen", "a local heritage group"],
        "pairs": [
            [
                "The soap makers of {place} keep a centuries-old recipe alive",
                "In {place}, {P} shows how laurel soap is still made by hand, one batch at a time.",
            ],
            [
                "Inside the restored souk of {place}",
                "{P} walks us through the covered market of {place}, restored stone by stone.",
            ],
            [
                "A tailor, a radio and {n} years on the same street",
                "In the old city of {place}, a tailor has worked in the same shop for most of his life.",
            ],
            [
                "The glassblowers of {place}",
                "In {place}, {P} shows how the last glassblowing workshops keep their furnaces burning.",
            ],
        ],
        "claims": [
            "an old craft that survives in a changing city",
            "a market restored stone by stone",
            "traditions passed to a new generation",
        ],
        "facts": [
            "The workshop has been open for {n} years.",
            "Most of the tools were made by hand.",
        ],
        "quotes": ["Our hands remember what books forgot"],
        "bg": ["Traditional crafts across the region face competition from cheap imports."],
        "events": ["the restoration was completed"],
        "subheads": [],
        "captions": [],
    },
    {
        "key": "video-explainers",
        "section": "/videos/explainers",
        "count": 4,
        "pin_place": True,
        "region": None,
        "coverage": None,
        "tags": ["Explainer", "Video"],
        "people": [("presenter Layal Saad", "Saad")],
        "places": ["the Strait of Hormuz", "the Suez Canal", "the Panama Canal", "Bab el-Mandeb"],
        "orgs": ["shipping data firms", "energy analysts"],
        "pairs": [
            [
                "Explained: why {place} matters to the world economy",
                "{P} explains why a narrow waterway like {place} can move prices around the world.",
            ],
            [
                "Explained: how sanctions actually work",
                "{P} explains how sanctions are designed, enforced and evaded, in under five minutes.",
            ],
            [
                "Explained: what is a sovereign wealth fund?",
                "{P} explains what sovereign wealth funds are, and why they matter.",
            ],
            [
                "Explained: the {n} numbers behind the global grain trade",
                "{P} explains where the world's grain comes from and where it goes.",
            ],
        ],
        "claims": [
            "why a narrow waterway moves global prices",
            "how sanctions are designed and enforced",
            "where the world's grain comes from",
        ],
        "facts": ["About {pct} percent of seaborne oil passes through such chokepoints."],
        "quotes": ["Geography is destiny, at least for shipping"],
        "bg": ["Our explainers break down complex stories into the essentials."],
        "events": ["the latest price spike"],
        "subheads": [],
        "captions": [],
    },
    {
        "key": "video-tv",
        "section": "/videos/tv",
        "count": 4,
        "pin_place": True,
        "region": None,
        "coverage": None,
        "tags": ["TV", "Interview"],
        "people": [("host Nabil Sarkis", "Sarkis"), ("guest Professor Amal Younes", "Younes")],
        "places": ["Beirut", "Moscow", "Beijing"],
        "orgs": ["the programme"],
        "pairs": [
            [
                "The Fine Line | Episode {n}: is the dollar losing its crown?",
                "In this episode, Nabil Sarkis and his guests discuss whether the dollar's dominance is fading.",
            ],
            [
                "The Fine Line | Episode {n}: water wars or water deals?",
                "In this episode, Nabil Sarkis asks whether water shortages will lead to conflict or cooperation.",
            ],
            [
                "In Focus with Nabil Sarkis: {S} on the new Silk Road",
                "In this interview, {P} discusses the economics of new trade corridors.",
            ],
            [
                "The Fine Line | Episode {n}: who writes history?",
                "In this episode, historians debate who gets to write the history of the region.",
            ],
        ],
        "claims": [
            "whether the dollar's dominance is fading",
            "how water shortages shape politics",
            "the economics of new trade corridors",
        ],
        "facts": [
            "The programme airs every {day} evening.",
            "The episode was recorded in {place}.",
        ],
        "quotes": ["History is written by those who can publish it"],
        "bg": ["The Fine Line hosts debates on the ideas shaping the region."],
        "events": ["the last episode aired"],
        "subheads": [],
        "captions": [],
    },
    {
        "key": "video-series",
        "section": "/videos/digital-series",
        "count": 3,
        "pin_place": True,
        "region": "Palestine",
        "coverage": None,
        "tags": ["Digital Series", "Palestine", "Olive Harvest"],
        "people": [("farmer Abu Saleh Hamdan", "Hamdan")],
        "places": ["Nablus", "Jenin", "Tulkarm"],
        "orgs": ["the farmers' cooperative"],
        "pairs": [
            [
                "Roots, episode {n}: the olive presses of {place}",
                "In this episode of Roots, {P} takes us to the olive presses of {place}.",
            ],
            [
                "Roots, episode {n}: a harvest under watch",
                "In this episode of Roots, {P} and his family pick olives on land near {place}.",
            ],
            [
                "Roots, episode {n}: oil, bread and family",
                "In this episode of Roots, {P} follows the journey of olive oil from the tree to the table.",
            ],
        ],
        "claims": [
            "the olive harvest season",
            "the work of a family press",
            "the journey from tree to bottle",
        ],
        "facts": [
            "The family owns about {n} dunums of olive trees.",
            "The harvest lasts about six weeks.",
        ],
        "quotes": ["The tree is older than all of us"],
        "bg": ["Roots is a digital series about the land and the people who work it."],
        "events": ["the harvest began"],
        "subheads": [],
        "captions": [],
    },
    # ------------------------------------------------------------ Infographs
    {
        "key": "infographs",
        "section": "/infographs",
        "count": 6,
        "pin_place": True,
        "region": None,
        "coverage": None,
        "tags": ["Infographic", "Data"],
        "people": [("data editor Maya Rahal", "Rahal")],
        "places": ["the region", "the Mediterranean", "West Africa"],
        "orgs": ["the UN", "the World Bank", "national statistics offices"],
        "pairs": [
            [
                "Infographic: the world's busiest shipping lanes in {n} numbers",
                "A visual guide to the sea routes that carry most of the world's trade.",
            ],
            [
                "Infographic: who produces the world's wheat?",
                "A visual guide to the countries that grow, export and import the world's wheat.",
            ],
            [
                "Infographic: heatwaves across the Mediterranean since 2000",
                "A visual guide to how summer temperatures around the Mediterranean have risen.",
            ],
            [
                "Infographic: the cost of a year of power cuts",
                "A visual guide to what a year of power cuts costs households and businesses.",
            ],
            [
                "Infographic: {n} facts about global debt",
                "A visual guide to who owes what to whom.",
            ],
            [
                "Infographic: where the world's lithium comes from",
                "A visual guide to the mines and salt flats that supply the world's lithium.",
            ],
            [
                "Infographic: {n} years of drought in numbers",
                "A visual guide to rainfall, river levels and harvests over two decades.",
            ],
        ],
        "claims": [
            "the numbers behind the story",
            "how the figures have changed over time",
            "which countries are most exposed",
        ],
        "facts": ["The data covers {n} countries.", "Figures are for the latest available year."],
        "quotes": [],
        "bg": ["Sources are listed at the bottom of the graphic."],
        "events": ["the report was published"],
        "subheads": [],
        "captions": ["Infographic by Al Mayadeen English"],
    },
    # ------------------------------------------------------------ In Pictures
    {
        "key": "gallery",
        "section": "/in-pictures",
        "count": 6,
        "pin_place": True,
        "region": None,
        "coverage": None,
        "tags": ["Photos", "In Pictures"],
        "people": [("photographer Hussein Mallah", "Mallah")],
        "places": ["Beirut", "Baghdad", "Havana", "Tunis", "Tehran", "Sanaa"],
        "orgs": ["the organisers", "the municipality"],
        "pairs": [
            [
                "In Pictures: {place} celebrates the new year",
                "Scenes from {place}, where families took to the streets to welcome the new year.",
            ],
            [
                "In Pictures: the spice markets of {place}",
                "Scenes from the spice markets of {place}, where traders open their stalls before dawn.",
            ],
            [
                "In Pictures: snowfall blankets {place}",
                "Scenes from {place}, where the first heavy snow in years closed roads and schools.",
            ],
            [
                "In Pictures: harvest season in {place}",
                "Scenes from the fields around {place} at the height of the harvest.",
            ],
            [
                "In Pictures: a night at the fish market in {place}",
                "Scenes from the fish market of {place}, which comes alive after midnight.",
            ],
        ],
        "claims": ["daily life carries on", "the city changes with the seasons"],
        "facts": ["The photos were taken over {n} days.", "All photos were taken in {place}."],
        "quotes": [],
        "bg": ["Our photographers document daily life across the region."],
        "events": ["the festival began"],
        "subheads": [],
        "captions": [
            "A vendor arranges his stall in {place}",
            "Children play in a square in {place}",
            "A woman walks past a mural in {place}",
            "Fishermen sort the night's catch",
            "Lanterns hang over a market street",
            "An elderly man drinks tea outside his shop",
            "Crowds gather at dusk",
            "A street musician performs for passers-by",
            "Workers unload crates at first light",
        ],
    },
    {
        "key": "gallery-archive",
        "section": "/in-pictures",
        "count": 3,
        "widget_only": True,
        "pin_place": True,
        "region": None,
        "coverage": None,
        "tags": ["Photos", "Archive"],
        "people": [("photographer Lina Sabbagh", "Sabbagh")],
        "places": ["Damascus", "Alexandria", "Mosul"],
        "orgs": ["the archive"],
        "pairs": [
            [
                "From the archive: the old tramway of {place}",
                "Photographs from the archive show the trams that once crossed {place}.",
            ],
            [
                "From the archive: {place} before the high-rises",
                "Photographs from the archive show {place} as it looked half a century ago.",
            ],
            [
                "From the archive: cinemas of {place}",
                "Photographs from the archive show the cinemas that once lined the streets of {place}.",
            ],
        ],
        "claims": [
            "a city that has since changed beyond recognition",
            "streets that no longer exist",
        ],
        "facts": [
            "Some of the photos are more than {n} years old.",
            "All the photos were taken in {place}.",
        ],
        "quotes": [],
        "bg": ["The archive was digitised over several years."],
        "events": ["the archive was opened"],
        "subheads": [],
        "captions": [
            "A tram crosses a square in {place}",
            "A cinema marquee on a busy street",
            "Shoppers in a covered market",
            "A harbour seen from a hill",
            "A family portrait in a studio",
            "A newspaper kiosk on a corner",
        ],
    },
]

#: Seeds used, in turn, for the extra articles a test can add (``extra_articles``).
EXTRA_SECTIONS: list[str] = [
    "/news/politics",
    "/news/economy",
    "/articles/opinion",
    "/videos/newsfeed",
    "/news/technology",
    "/in-pictures",
    "/infographs",
    "/news/sports",
]

#: More headlines for the extra articles, used by a seed once its own ``titles`` are used
#: up (after ~20 extra stories of that seed): ``(title, lead)`` templates, keyed by seed,
#: ``lead`` None for a lead drawn from the seed's ``leads``. Every title has a wide number
#: slot (``N``, or ``n``/``pct``/``h`` with a place or a person) near its start, so that
#: tens of thousands of distinct titles (and 60-character slugs) exist per seed.
EXTRA_TITLES: dict[str, list[tuple[str, str | None]]] = {
    "gaza-truce": [
        ("Gaza: {N} displaced return north as talks resume in {place}", None),
        ("Truce talks in {place}: {N} aid parcels wait for entry to Gaza", None),
        ("Gaza: {h} aid trucks and {N} tonnes of flour cleared at crossing", None),
        ("{N} families registered for return under Gaza truce draft", None),
        ("{S}: {n} points still open in Gaza truce draft after {place} round", None),
        ("Mediators in {place} weigh {pct} percent rise in aid trucks for Gaza", None),
        ("Gaza truce: lists of {N} prisoners exchanged in {place}", None),
        ("Gaza truce talks: day {n} in {place} ends without agreement", None),
    ],
    "shipping-costs": [
        ("Port of {place} handles {N} containers as Red Sea detours continue", None),
        ("War-risk premiums rise {pct} percent as {N} ships divert around Africa", None),
        ("{N} vessels cross the Suez Canal in a month, down {pct} percent", None),
        ("{S}: freight rates to {place} up {pct} percent since spring", None),
        ("War-risk cover for {place} calls now costs {N} dollars a day", None),
        ("{N} containers wait at {place} as carriers add Cape sailings", None),
    ],
    "opinion-multipolar": [
        ("{N} kilometres from Washington: the view from {place}", None),
        ("What {N} delegates in {place} told the old order", None),
        ("After {n} summits in {place}, the lectures have stopped working", None),
        ("Sanctions at {N} days: what {place} has learned", None),
        ("{pct} percent of the world is done waiting for permission", None),
        ("Letter from {place}: {N} signatures against the old order", None),
        ("The {N}-dollar question the G7 keeps avoiding", None),
    ],
    "video-newsfeed": [
        (
            "Watch: {N} runners take to the streets of {place}",
            "Footage from {place} shows thousands of amateur runners crossing the city.",
        ),
        (
            "Watch: {N} gather in {place} as results are announced",
            "Footage from {place} shows crowds gathering in the main square as the results were read out.",
        ),
        (
            "Watch: {N} volunteers clear flood debris in {place}",
            "Footage from {place} shows volunteers clearing mud from the streets after heavy rain.",
        ),
        (
            "Watch: {h} tractors block a highway near {place}",
            "Farmers parked their tractors across the main highway near {place} to protest rising fuel prices.",
        ),
        (
            "Watch: {N} students march in {place} for cheaper transport",
            "Students marched through central {place} calling for a cut in public transport fares.",
        ),
        (
            "Scenes from {place} as {N} visitors fill the old town",
            "Footage from {place} shows families filling the old town for the festival.",
        ),
    ],
    "subsea-cable": [
        ("Repair ship reaches {N}-kilometre subsea cable off {place}", None),
        ("Internet slows in {n} countries as {N} km of cable is cut", None),
        ("{N} kilometres of new subsea cable to land in {place}", None),
        ("{S}: {pct} percent of traffic rerouted after {place} cable cut", None),
        ("Cable cut off {place} slows internet for {N} businesses", None),
        ("Data centres in {place} add {N} racks as new cables land", None),
    ],
    "gallery": [
        (
            "In Pictures: {N} lanterns light up {place} for the new year",
            "Scenes from {place}, where families took to the streets to welcome the new year.",
        ),
        (
            "In Pictures: {N} stalls at the spice markets of {place}",
            "Scenes from the spice markets of {place}, where traders open their stalls before dawn.",
        ),
        (
            "In Pictures: {n} hours of snowfall in {place}",
            "Scenes from {place}, where the first heavy snow in years closed roads and schools.",
        ),
        (
            "In Pictures: {N} tonnes of olives harvested around {place}",
            "Scenes from the fields around {place} at the height of the harvest.",
        ),
        (
            "In Pictures: {N} crates at dawn in the fish market of {place}",
            "Scenes from the fish market of {place}, which comes alive after midnight.",
        ),
        (
            "In Pictures: {N} runners at the {place} city marathon",
            "Scenes from the streets of {place} on the morning of the city marathon.",
        ),
    ],
    "infographs": [
        (
            "Infographic: {N} ships a month on the world's busiest lanes",
            "A visual guide to the sea routes that carry most of the world's trade.",
        ),
        (
            "Infographic: {N} tonnes of wheat and where they go",
            "A visual guide to the countries that grow, export and import the world's wheat.",
        ),
        (
            "Infographic: {n} years of heatwaves in {place}",
            "A visual guide to how summer temperatures have risen over two decades.",
        ),
        (
            "Infographic: {N} hours of power cuts in a year",
            "A visual guide to what a year of power cuts costs households and businesses.",
        ),
        (
            "Infographic: {N} megawatts of new solar power in {place}",
            "A visual guide to the solar farms built in the last five years.",
        ),
        (
            "Infographic: {pct} percent less rain in {place} in {n} years",
            "A visual guide to rainfall, river levels and harvests over two decades.",
        ),
        (
            "Infographic: {N} kilometres of rivers run dry in {place}",
            "A visual guide to the rivers that no longer reach the sea.",
        ),
    ],
    "west-asia-cup": [
        ("{N} fans in {place} watch Lebanon reach West Asia Cup semifinal", None),
        ("West Asia Cup: Iraq edge Oman {k}-1 before {N} fans in {place}", None),
        ("{S} scores twice as {N} fans pack the stadium in {place}", None),
        ("Organisers in {place} sell {N} tickets for West Asia Cup final", None),
        ("West Asia Cup: {n} goals in {place} as young squad stuns holders", None),
    ],
}

#: The stories of the optional JavaScript-only listing (``build(..., js_listing=True)``):
#: News > Live Updates. Not in ``SEEDS``, so the default build never sees it.
JS_LISTING_SEED: dict[str, Any] = {
    "key": "live-updates",
    "section": "/news/live-updates",
    "count": 6,
    "region": None,
    "coverage": None,
    "tags": ["Storm Karam", "Weather", "Floods", "Lebanon", "Syria"],
    "people": [
        ("civil defence spokesperson Rami Haddad", "Haddad"),
        ("meteorologist Nadine Farah", "Farah"),
        ("Red Cross coordinator Elias Boutros", "Boutros"),
    ],
    "places": ["Tartus", "Latakia", "Tripoli", "Byblos", "Sidon"],
    "orgs": [
        "the civil defence",
        "the national weather service",
        "the Red Cross",
        "the ports authority",
    ],
    "titles": [
        "Storm Karam makes landfall near {place}",
        "Storm Karam: {h} families moved to shelters in {place}",
        "{S}: rescue teams 'stretched but holding' as Storm Karam lingers",
        "Storm Karam: power back in parts of {place} after {n}-hour outage",
        "Ports closed along the coast as Storm Karam churns off {place}",
        "Storm Karam: schools in {place} to stay shut for {k} more days",
        "Roads to mountain villages near {place} reopen after Storm Karam",
        "Storm Karam: aid convoys reach flooded districts of {place}",
    ],
    "leads": [
        "Emergency teams in {place} worked through the night on {day} as Storm Karam brought heavy rain and gale-force winds to the coast.",
        "{P} said on {day} that the storm was moving slowly along the coast, with more rain expected in {place}.",
        "Follow the latest from {place}, where Storm Karam has flooded low-lying districts and cut power to thousands of homes.",
    ],
    "claims": [
        "the worst of the rain would pass by the weekend",
        "more than {n} villages had been cut off by landslides",
        "fishing boats had been ordered to stay in port",
        "shelters in schools and mosques were close to capacity",
        "repair crews had restored power to most of the coastal districts",
        "the river had burst its banks in at least {k} places",
    ],
    "facts": [
        "Rainfall of more than {k}0 millimetres was recorded in some areas within {n} hours.",
        "Wind gusts of more than 100 kilometres per hour were recorded along the coast on {day}.",
        "At least {N} households were without electricity at the height of the storm.",
        "Civil defence teams carried out {h} rescue operations in a single night.",
    ],
    "quotes": [
        "The water came up to the windows in less than an hour",
        "Our teams are stretched, but they are holding",
        "Stay indoors and keep away from the riverbeds",
    ],
    "bg": [
        "Storms of this strength are rare on the eastern Mediterranean coast so late in the autumn.",
        "Coastal towns have expanded quickly onto old riverbeds and flood plains in recent decades.",
        "The weather service issued its first red alert two days before the storm arrived.",
    ],
    "events": [
        "the first red alert was issued",
        "the coastal highway was closed",
        "the ports suspended all departures",
    ],
    "subheads": ["Latest", "Shelters filling up", "Power and water"],
    "captions": [
        "Rescuers wade through a flooded street in {place}",
        "Waves crash over the seafront in {place} on {day}",
        "Families wait at a shelter set up in a school",
    ],
}

#: More material for the long-form seeds (opinion, analysis, blog, features), merged into
#: ``SEEDS`` below so that long pieces don't repeat themselves.
MORE_MATERIAL: dict[str, dict[str, list[str]]] = {
    "opinion-multipolar": {
        "titles": [
            "Letter from {place}: the view from the other side of sanctions",
            "The {n}-year illusion of a single superpower",
            "After {place}, the old order has no script",
            "Why {place} stopped listening to the lectures",
        ],
        "claims": [
            "the language of rules is applied selectively",
            "trade corridors matter more than military bases",
            "debt has become the most effective lever of influence",
            "neutrality is a rational choice for middle powers",
            "the next decade will be shaped by those who build infrastructure",
        ],
        "facts": [
            "Trade between Asia and Africa has more than doubled since 2010.",
            "Several central banks have increased their gold reserves for {n} consecutive years.",
            "More than {n} countries now hold regular summits outside the traditional Western forums.",
        ],
        "quotes": [
            "We do not want to choose sides; we want to choose partners",
            "Rules that apply to some and not to others are not rules",
            "The loan always comes with a lecture",
        ],
        "bg": [
            "Middle powers from Brazil to Indonesia have learned to bargain with everyone.",
            "The debate is no longer about whether the world is changing, but about how fast.",
            "Many of the institutions that manage the world economy were designed before most of today's states existed.",
        ],
    },
    "opinion-media": {
        "titles": [
            "What the {place} papers did not print",
            "Headlines from {place}: a {n}-day experiment in reading",
        ],
        "claims": [
            "omission is the most powerful editorial tool",
            "the first headline shapes the memory of an event",
            "corrections never travel as far as the original story",
            "audiences now compare coverage across borders in real time",
        ],
        "facts": [
            "Corrections receive a fraction of the attention of the original reports, studies suggest.",
            "Readers in {n} countries told researchers they now check more than one source.",
        ],
        "quotes": [
            "The most important word in a headline is often the one that is missing",
            "A correction on page twelve does not undo a headline on page one",
            "Readers notice more than we think",
        ],
        "bg": [
            "Style guides rarely explain why certain words are preferred over others.",
            "Social media has made every reader a media critic.",
        ],
    },
    "analysis-energy": {
        "claims": [
            "price volatility will remain the norm",
            "Algerian pipelines have regained strategic value",
            "new terminals lock in demand for decades",
            "households are paying for flexibility they never chose",
        ],
        "facts": [
            "Europe built or leased more than {n} floating import terminals in three years.",
            "Gas from North Africa reaches southern Europe through pipelines under the Mediterranean.",
            "Long-term supply contracts signed recently run for up to {n} years.",
        ],
        "quotes": [
            "Every terminal is a twenty-year bet",
            "Flexibility has a price, and consumers pay it",
        ],
        "bg": [
            "Energy-intensive industries such as chemicals and fertilisers have been hit hardest.",
            "Governments spent heavily on subsidies to shield households from price spikes.",
        ],
    },
    "analysis-redsea": {
        "claims": [
            "the cost of passage is now set in London rather than at sea",
            "regional diplomacy has proved more effective than patrols",
            "ports on the Red Sea coast are losing business",
        ],
        "facts": [
            "Insurers have repeatedly revised their list of high-risk waters.",
            "Some carriers have added surcharges of several hundred dollars per container.",
        ],
        "quotes": [
            "A warship can escort a ship, not a market",
            "The insurers blinked before the admirals did",
        ],
        "bg": [
            "Ports from Jeddah to Port Sudan depend on traffic through the strait.",
            "Naval missions in the area have struggled to agree on rules of engagement.",
        ],
    },
    "blog-diary": {
        "claims": [
            "patience is a skill the city teaches early",
            "the balcony is the city's real public square",
            "every neighbourhood has its own rhythm of light and dark",
        ],
        "facts": [
            "The building has {n} flats and one shared generator subscription.",
            "The nearest bakery opens at four in the morning.",
        ],
        "quotes": [
            "Electricity comes and goes, but the neighbours stay",
            "If the generator is quiet, it means someone forgot to pay",
        ],
        "bg": [
            "Evenings on the Corniche are crowded with walkers, fishermen and coffee sellers.",
            "Rooftops in Beirut are full of water tanks, satellite dishes and cats.",
        ],
    },
    "feature-boats": {
        "claims": [
            "orders now come from diving clubs as well as fishermen",
            "the timber is harder to find every year",
            "the island's economy still depends on the sea",
            "the craft could disappear within a generation",
        ],
        "facts": [
            "The island is a short boat ride from the port of Tartus.",
            "A master builder earns about {k} times more than an apprentice.",
            "The hulls are sealed with a mixture of oil and resin.",
        ],
        "quotes": [
            "A boat is finished when the sea accepts it",
            "I learned by carrying planks for three years before I touched a tool",
            "Fibreglass is quick, wood is honest",
        ],
        "bg": [
            "The island's narrow lanes lead down to a small harbour where the workshops stand.",
            "Boatbuilding skills were traditionally passed from father to son.",
            "Visitors often arrive on day trips from the mainland.",
        ],
    },
    "feature-lithium": {
        "claims": [
            "the companies promised jobs that never came",
            "herders are moving their animals to higher ground",
            "scientists disagree about the long-term impact on the aquifer",
        ],
        "facts": [
            "Some wells in the area have dropped by several metres, residents say.",
            "Extraction requires large volumes of brine to be pumped into evaporation ponds.",
        ],
        "quotes": [
            "They measure lithium in tonnes; we measure water in buckets",
            "Nobody asked us before the trucks arrived",
        ],
        "bg": [
            "Indigenous communities have lived around the salt flats for centuries.",
            "Demand for lithium is driven by batteries for electric vehicles.",
        ],
    },
}

for _seed in SEEDS:
    for _name, _items in MORE_MATERIAL.get(_seed["key"], {}).items():
        _seed[_name] = [*_seed[_name], *_items]
    if "pairs" in _seed:
        _seed["titles"] = [t for t, _ in _seed["pairs"]]
        _seed["leads"] = [lead for _, lead in _seed["pairs"]]

#: Story pages without text (site-spec 4.1): videos, newscasts, infographs and galleries
#: whose metadata says ``"word_count": "0"``. Written out one by one, not drawn from
#: templates, so that every page shape is deliberate. ``build.py`` gives them post ids
#: between those of the base stories published around them (the base stories keep theirs).
#:
#: - ``key``: unique name; ``section``: the listing path (the story's category);
#:   ``post_type``: overrides the section's post type (``"Newscast"``); ``newscast_url``:
#:   the address is ``/newscast/YYYY/M/D/<slug>`` (Beirut date) instead of ``<section>/<slug>``
#: - ``title``; ``lead``: the one-line lead (metadata ``description``) or None;
#:   ``lead_shown``: whether the page also shows it as ``p.lg_para.summary``
#: - ``published``: UTC, to the second; ``updated_minutes``: ``last_updated`` that much later
#: - ``byline``: ``"house"`` (By Al Mayadeen English), ``"none"`` (no byline anywhere) or
#:   an author of ``AUTHORS``; ``source``: the "Source:" line or None
#: - ``keywords``: the raw metadata string (duplicates and stray spaces kept); ``region``,
#:   ``coverage``: classes or None
#: - ``h1``: whether the title is also shown as ``h1``
#: - ``content``: ``div.p-content`` is ``"absent"``, ``"empty"``, ``"nbsp"`` (only
#:   ``<p>&nbsp;</p>``), ``"iframe"`` (only a ``<p>`` holding the video's iframe) or
#:   ``"bare-iframe"`` (only the video's iframe, not in a ``<p>``)
#: - videos: ``player``: ``div.video-player`` holds a YouTube ``"iframe"``, a ``"file"``
#:   (``<video>``) or is missing (None: the iframe in ``p-content`` is the player);
#:   ``duration``: seconds or None; ``published_meta``: the ``article:*_time`` meta tags
#:   are ``"exact"`` (naive UTC), ``"placeholder"`` (``2024-01-01T00:00:00Z``) or ``"none"``
#: - infographs and galleries: ``figures``: ``[caption, credit]`` pairs (caption None: no
#:   figcaption; credit None: no trailing parentheses); ``cover``: the first one is also
#:   shown as the main image above the gallery; ``jsonld``: the main JSON-LD ``@type``
#:   (default: the section's); ``read_time``: a shown "N Min Read" (default: none)
TEXTLESS: list[dict[str, Any]] = [
    # ------------------------------------------------------------ Videos > NewsFeed
    {
        "key": "nf-harbour-fire",
        "section": "/videos/newsfeed",
        "title": "Watch: firefighters battle warehouse blaze at Tripoli harbour",
        "lead": "Civil defence crews worked through the night to keep the fire away from the port's fuel tanks.",
        "lead_shown": True,
        "published": "2025-06-21T22:14:09",
        "updated_minutes": 0,
        "byline": "house",
        "source": None,
        "keywords": "Lebanon,Tripoli,Fire,Video",
        "region": "MENA",
        "coverage": None,
        "h1": False,
        "content": "absent",
        "player": "iframe",
        "duration": 94,
        "published_meta": "none",
    },
    {
        "key": "nf-snow-pass",
        "section": "/videos/newsfeed",
        "title": "Watch: snowploughs reopen the mountain road above Zahle",
        "lead": None,
        "lead_shown": False,
        "published": "2024-01-17T07:41:33",
        "updated_minutes": 25,
        "byline": "none",
        "source": None,
        "keywords": "",
        "region": None,
        "coverage": None,
        "h1": True,
        "content": "nbsp",
        "player": "file",
        "duration": 47,
        "published_meta": "placeholder",
    },
    {
        "key": "nf-boats-return",
        "section": "/videos/newsfeed",
        "title": "Watch: fishing boats head back out from Sidon after the storm",
        "lead": "Boats that sheltered in the harbour for three days left before dawn on Tuesday.",
        "lead_shown": False,
        "published": "2023-11-28T04:05:51",
        "updated_minutes": 0,
        "byline": "house",
        "source": None,
        "keywords": "Video, Lebanon, Fishing,Video",
        "region": None,
        "coverage": None,
        "h1": False,
        "content": "iframe",
        "player": None,
        "duration": None,
        "published_meta": "exact",
    },
    # ------------------------------------------------------------ Videos > Video Features
    {
        "key": "vf-bookbinder",
        "section": "/videos/video-features",
        "title": "The last bookbinder in the old city of Aleppo",
        "lead": "In a workshop no wider than a corridor, a craftsman mends books that families have kept for generations.",
        "lead_shown": True,
        "published": "2024-05-09T14:27:40",
        "updated_minutes": 190,
        "byline": "Mireille Saab",
        "source": None,
        "keywords": "Video,Heritage,Syria",
        "region": "MENA",
        "coverage": None,
        "h1": False,
        "content": "empty",
        "player": "iframe",
        "duration": 512,
        "published_meta": "none",
    },
    {
        "key": "vf-ropewalk",
        "section": "/videos/video-features",
        "title": "Rope makers of Jableh twist a kilometre of rope a day",
        "lead": None,
        "lead_shown": False,
        "published": "2023-03-02T10:12:18",
        "updated_minutes": 0,
        "byline": "house",
        "source": None,
        "keywords": "Video, Crafts",
        "region": None,
        "coverage": None,
        "h1": True,
        "content": "absent",
        "player": "file",
        "duration": 731,
        "published_meta": "placeholder",
    },
    # ------------------------------------------------------------ Videos > Explainers
    {
        "key": "ex-tariffs",
        "section": "/videos/explainers",
        "title": "Explained: who really pays a tariff?",
        "lead": "Who pays a tariff, and why the answer is rarely the exporter.",
        "lead_shown": True,
        "published": "2025-04-11T16:03:27",
        "updated_minutes": 12,
        "byline": "house",
        "source": None,
        "keywords": "Explainer,Trade,Video",
        "region": None,
        "coverage": None,
        "h1": False,
        "content": "nbsp",
        "player": "iframe",
        "duration": 263,
        "published_meta": "exact",
    },
    {
        "key": "ex-desalination",
        "section": "/videos/explainers",
        "title": "Explained: how a desalination plant turns sea water into tap water",
        "lead": "Desalination supplies a growing share of the drinking water around the Gulf.",
        "lead_shown": False,
        "published": "2023-08-19T09:55:02",
        "updated_minutes": 0,
        "byline": "none",
        "source": None,
        "keywords": "Explainer, Water",
        "region": None,
        "coverage": None,
        "h1": True,
        "content": "absent",
        "player": "iframe",
        "duration": 318,
        "published_meta": "placeholder",
    },
    # ------------------------------------------------------------ Videos > TV
    {
        "key": "tv-election-night",
        "section": "/videos/tv",
        "post_type": "Newscast",
        "newscast_url": True,
        "title": "Special coverage: election night across the Andes",
        "lead": "Results and analysis from our correspondents in Lima, La Paz and Quito.",
        "lead_shown": True,
        "published": "2024-10-20T23:30:04",
        "updated_minutes": 70,
        "byline": "house",
        "source": None,
        "keywords": "Newscast,Elections,Latin America",
        "region": "Latin America",
        "coverage": None,
        "h1": False,
        "content": "absent",
        "player": "iframe",
        "duration": 3725,
        "published_meta": "placeholder",
    },
    {
        "key": "tv-olive-report",
        "section": "/videos/tv",
        "post_type": "Newscast",
        "title": "TV report: olive pickers race the first rains near Jenin",
        "lead": None,
        "lead_shown": False,
        "published": "2023-10-24T15:48:36",
        "updated_minutes": 0,
        "byline": "none",
        "source": None,
        "keywords": "TV Report,Palestine,Olive Harvest",
        "region": "Palestine",
        "coverage": None,
        "h1": True,
        "content": "empty",
        "player": "file",
        "duration": 412,
        "published_meta": "none",
    },
    {
        "key": "tv-sea-floor",
        "section": "/videos/tv",
        "title": "The Fine Line | Episode 41: who owns the sea floor?",
        "lead": "Nabil Sarkis and his guests debate the race for minerals on the ocean floor.",
        "lead_shown": True,
        "published": "2025-02-06T19:00:12",
        "updated_minutes": 0,
        "byline": "house",
        "source": None,
        "keywords": "TV,Interview,Oceans",
        "region": None,
        "coverage": None,
        "h1": False,
        "content": "bare-iframe",
        "player": None,
        "duration": 2710,
        "published_meta": "none",
    },
    # ------------------------------------------------------------ Videos > Digital Series
    {
        "key": "ds-night-press",
        "section": "/videos/digital-series",
        "title": "Roots, episode 9: the night shift at the olive press",
        "lead": "In this episode of Roots, a family keeps the press running until the last crate is done.",
        "lead_shown": True,
        "published": "2024-11-14T17:22:45",
        "updated_minutes": 0,
        "byline": "house",
        "source": None,
        "keywords": "Digital Series,Palestine,Olive Harvest",
        "region": "Palestine",
        "coverage": None,
        "h1": False,
        "content": "absent",
        "player": "iframe",
        "duration": 845,
        "published_meta": "none",
    },
    {
        "key": "ds-salt-pans",
        "section": "/videos/digital-series",
        "title": "Salt, episode 2: the sea-salt pans of Anfeh",
        "lead": None,
        "lead_shown": False,
        "published": "2025-08-03T11:09:57",
        "updated_minutes": 45,
        "byline": "none",
        "source": None,
        "keywords": "Digital Series,Lebanon",
        "region": "MENA",
        "coverage": None,
        "h1": True,
        "content": "nbsp",
        "player": "file",
        "duration": 902,
        "published_meta": "placeholder",
    },
    # ------------------------------------------------------------ Infographs
    {
        "key": "ig-wheat-suppliers",
        "section": "/infographs",
        "title": "Infographic: where the region's wheat comes from",
        "lead": "Import shares by supplier for eight countries of the region.",
        "lead_shown": True,
        "published": "2024-02-27T12:30:41",
        "updated_minutes": 0,
        "byline": "house",
        "source": "Al Mayadeen English",
        "keywords": "Infographic,Wheat,Food Security",
        "region": None,
        "coverage": None,
        "h1": True,
        "content": "absent",
        "figures": [
            ["Wheat imports by supplier, share of the total", "Al Mayadeen English Data Desk"]
        ],
        "read_time": 1,
    },
    {
        "key": "ig-hot-days",
        "section": "/infographs",
        "title": "Infographic: days above 40°C in ten Gulf cities",
        "lead": None,
        "lead_shown": False,
        "published": "2025-07-30T08:16:03",
        "updated_minutes": 30,
        "byline": "none",
        "source": None,
        "keywords": "Infographic, Climate,Infographic",
        "region": None,
        "coverage": None,
        "h1": True,
        "content": "empty",
        "figures": [["Days above 40°C a year in ten Gulf cities, 2000-2024", None]],
    },
    {
        "key": "ig-busiest-ports",
        "section": "/infographs",
        "title": "Infographic: the ten busiest ports of the Mediterranean",
        "lead": "Container traffic in 2024, in thousands of standard containers.",
        "lead_shown": True,
        "published": "2023-05-16T06:49:20",
        "updated_minutes": 0,
        "byline": "house",
        "source": "Al Mayadeen English",
        "keywords": "Infographic,Shipping,Mediterranean",
        "region": None,
        "coverage": None,
        "h1": True,
        "content": "nbsp",
        "figures": [[None, None]],
    },
    # ------------------------------------------------------------ In Pictures
    {
        "key": "g-lantern-souk",
        "section": "/in-pictures",
        "title": "In Pictures: a night of lanterns in the old souk of Tripoli",
        "lead": "Scenes from Tripoli, where shopkeepers hung paper lanterns along the covered market.",
        "lead_shown": True,
        "published": "2024-12-21T18:40:12",
        "updated_minutes": 0,
        "byline": "house",
        "source": "Agencies",
        "keywords": "Photos,In Pictures,Lebanon",
        "region": "MENA",
        "coverage": None,
        "h1": True,
        "content": "absent",
        "cover": True,
        "jsonld": "ImageGallery",
        "figures": [
            [
                "Paper lanterns hang over the entrance of the covered market",
                "Hussein Mallah, Al Mayadeen",
            ],
            ["A shopkeeper lights a lantern outside his stall", "Hussein Mallah, Al Mayadeen"],
            ["Children run through the lit-up alley after sunset", "Karim Haddad, Reuters"],
            [
                "A soap seller arranges his shelves under the lanterns",
                "Hussein Mallah, Al Mayadeen",
            ],
            ["Visitors stop for tea at a corner café", "Lina Sabbagh, AFP"],
            ["The souk seen from a rooftop at night", "Hussein Mallah, Al Mayadeen"],
        ],
    },
    {
        "key": "g-winter-fleet",
        "section": "/in-pictures",
        "title": "In Pictures: the winter fishing fleet of Essaouira",
        "lead": None,
        "lead_shown": False,
        "published": "2023-12-09T05:58:44",
        "updated_minutes": 0,
        "byline": "none",
        "source": None,
        "keywords": "",
        "region": None,
        "coverage": None,
        "h1": True,
        "content": "empty",
        "cover": False,
        "figures": [
            ["Blue fishing boats wait in the harbour before dawn", "Adama Traoré, AFP"],
            ["Fishermen mend nets on the quay", None],
            ["Gulls follow a boat back into port", "Adama Traoré, AFP"],
            [None, None],
            ["Sardines are sold straight from the crates", None],
        ],
    },
    {
        "key": "g-school-day",
        "section": "/in-pictures",
        "title": "In Pictures: the first day of school in Mosul",
        "lead": "Scenes from classrooms that reopened after repairs over the summer.",
        "lead_shown": True,
        "published": "2025-09-14T06:12:30",
        "updated_minutes": 95,
        "byline": "house",
        "source": None,
        "keywords": "Photos, Iraq, Education",
        "region": None,
        "coverage": None,
        "h1": True,
        "content": "nbsp",
        "cover": True,
        "jsonld": "ImageGallery",
        "figures": [
            [
                "Pupils line up in the courtyard for the morning assembly",
                "Wei Zhang, Xinhua via AP",
            ],
            ["A teacher writes the date on a new whiteboard", "Samer Bitar, Anadolu Agency"],
            ["Parents wait at the gate at the end of the day", "Samer Bitar, Anadolu Agency"],
            ["A repaired classroom, ready for its first lesson", "Wei Zhang, Xinhua via AP"],
        ],
    },
]
