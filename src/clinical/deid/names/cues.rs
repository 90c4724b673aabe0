//! The words around a name that say it is one: kinship and role words ("wife", "neighbour",
//! "employer"), phrases ("accompanied by", "spoke with", "brought in by"), labels ("NOK:",
//! "Caller:"), titles, credentials, the nouns that make a name an eponym ("disease", "sign"),
//! and the words that introduce or end an organisation's name. All in lower case.

/// Relatives, household members and other people around the patient: a capitalised name after
/// one ("her husband Amara O'Sullivan") or before one in brackets ("Mei Zhang (daughter)").
#[rustfmt::skip]
pub const ROLES: &[&str] = &[
    "wife", "husband", "spouse", "partner", "fiance", "fiancé", "fiancee", "fiancée", "boyfriend",
    "girlfriend", "daughter", "son", "child", "mother", "mom", "mum", "mommy", "father", "dad",
    "daddy", "parent", "parents", "sister", "brother", "sibling", "twin", "grandmother",
    "grandfather", "grandma", "grandpa", "granddaughter", "grandson", "grandchild", "aunt", "uncle",
    "niece", "nephew", "cousin", "stepdaughter", "stepson", "stepmother", "stepfather", "stepmom",
    "stepdad", "daughter-in-law", "son-in-law", "mother-in-law", "father-in-law", "sister-in-law",
    "brother-in-law", "guardian", "caregiver", "carer", "caretaker", "neighbour", "neighbor",
    "friend", "roommate", "housemate", "flatmate", "landlord", "landlady", "tenant", "employer",
    "boss", "supervisor", "manager", "coworker", "co-worker", "colleague", "interpreter",
    "translator", "pastor", "priest", "rabbi", "imam", "sponsor", "relative", "visitor", "caller",
    "contact", "proxy", "hcp", "poa", "nok", "kin", "godmother", "godfather", "godson",
    "goddaughter", "ex-wife", "ex-husband",
];

/// Phrases after which a name follows.
#[rustfmt::skip]
pub const PHRASES: &[&[&str]] = &[
    &["accompanied", "by"], &["brought", "in", "by"], &["brought", "by"], &["spoke", "with"],
    &["spoke", "to"], &["speaking", "with"], &["discussed", "with"], &["called", "by"],
    &["phoned", "by"], &["collateral", "from"], &["history", "from"], &["obtained", "from"],
    &["signed", "by"], &["witnessed", "by"], &["visited", "by"], &["cared", "for", "by"],
    &["lives", "with"], &["living", "with"], &["staying", "with"], &["married", "to"],
    &["engaged", "to"], &["voicemail", "for"], &["message", "for"], &["message", "from"],
    &["call", "from"], &["seen", "by"], &["seen", "with"], &["reviewed", "by"], &["dictated", "by"],
    &["examined", "by"], &["referred", "by"], &["evaluated", "by"], &["report", "given", "to"],
    &["handed", "over", "to"], &["routed", "to"], &["sincerely"], &["regards"], &["attending"],
    &["resident"], &["fellow"], &["intern"], &["consultant"], &["pcp"], &["physician"],
    &["provider"], &["surgeon"], &["pharmacist"], &["therapist"], &["dietitian"], &["midwife"],
    &["paramedic"], &["chaplain"], &["cc"], &["dear"], &["re"], &["patient", "name"], &["name"],
    &["author"], &["next", "of", "kin"], &["emergency", "contact"], &["health", "care", "proxy"],
    &["healthcare", "proxy"], &["power", "of", "attorney"], &["significant", "other"],
    &["social", "worker"], &["case", "manager"], &["care", "manager"], &["charge", "nurse"],
    &["primary", "nurse"],
];

/// Words that may stand between a cue and the name ("her niece is Mei").
#[rustfmt::skip]
pub const FILLERS: &[&str] = &[
    "is", "was", "named", "called", "her", "his", "their", "the", "a", "patient's", "pt's", "my",
    "our", "of", "pt", "patient",
];

/// Titles before a name.
#[rustfmt::skip]
pub const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "rev", "fr", "nurse",
    "sister", "mme", "mlle", "sra", "sr",
];

/// Credentials after a name ("Priya Raman, MD").
#[rustfmt::skip]
pub const CREDENTIALS: &[&str] = &[
    "md", "do", "rn", "np", "pa", "pa-c", "phd", "fnp", "fnp-bc", "fnp-c", "aprn", "lpn", "lvn",
    "cna", "mbbs", "mbchb", "frcp", "frcpc", "frcs", "mrcp", "mrcs", "bsn", "msn", "dnp", "pharmd",
    "rph", "lcsw", "licsw", "msw", "dpt", "pt", "ot", "otr", "otr/l", "rd", "rdn", "cnm", "crna",
    "dds", "dmd", "od", "dpm", "psyd", "mph", "facp", "facc", "facs", "ccrn", "rrt", "emt", "emt-p",
    "np-c", "anp", "acnp", "agacnp", "whnp", "pnp", "cns", "slp", "ccc-slp", "ma", "cma", "scribe",
];

/// Credentials that are also common abbreviations (Maryland, patient, physical therapy, do):
/// trusted only after a comma, or after a name of two words or an initial and a surname.
pub const AMBIGUOUS_CREDENTIALS: &[&str] = &["md", "do", "pa", "pt", "ot", "rd", "od", "ma"];

/// Nouns after a capitalised word that make it an eponym, not a person ("Wilson disease",
/// "Murphy's sign", "Austin Flint murmur").
#[rustfmt::skip]
pub const EPONYM_NOUNS: &[&str] = &[
    "disease", "diseases", "syndrome", "syndromes", "sign", "signs", "test", "tests", "score",
    "scores", "scale", "criteria", "criterion", "classification", "fracture", "maneuver",
    "manoeuvre", "murmur", "node", "nodes", "nodule", "lesion", "lesions", "spots", "triad",
    "pentad", "stage", "staging", "grade", "index", "catheter", "stain", "procedure", "operation",
    "repair", "line", "lines", "drain", "tube", "palsy", "phenomenon", "reflex", "pupil", "protein",
    "bodies", "body", "cells", "cell", "rods", "virus", "tumour", "tumor", "sarcoma", "lymphoma",
    "ulcer", "gait", "contracture", "hump", "pattern", "block", "cardiomyopathy", "respiration",
    "breathing", "sounds", "foot", "deformity", "rules", "rule", "questionnaire", "inventory",
    "chorea", "thyroiditis", "esophagus", "oesophagus", "diverticulum", "hernia", "cyst", "tear",
    "position", "incision", "technique", "equation", "formula", "method", "ratio", "law", "effect",
    "point", "level", "type", "variant", "encephalopathy", "anomaly", "malformation", "ring",
    "rings", "pouch", "fundoplication", "bypass", "shunt", "valve", "prosthesis", "blade", "mask",
    "canal", "duct", "space", "fascia", "tendon", "system", "regression", "curve", "exact",
    "coefficient", "correlation", "splint", "brace", "traction", "nail", "flap", "graft",
    "anastomosis", "loop", "reaction", "cycle", "lamp", "bands", "granules", "corpuscles",
    "crystals", "smear", "agar", "tenosynovitis", "kyphosis", "pupils", "nerve", "artery", "vein",
    "ligament", "muscle", "gland", "ganglion", "angle", "sheath", "area", "zone", "region",
    "pathway", "hypothesis", "principle", "mechanism", "approach", "questionnaires", "sequence",
    "view", "projection", "lymphadenopathy", "encephalitis", "dystrophy", "ataxia", "neuralgia",
    "neuropathy", "paralysis", "pneumonia", "fever", "anemia", "anaemia", "arteritis", "vasculitis",
    "sclerosis", "atrophy", "hypertrophy", "hyperplasia", "carcinoma", "cancer", "leukemia",
    "leukaemia", "myeloma", "protocol", "regimen", "diet", "solution", "needle",
    "forceps", "retractor",
];

/// Phrases after which an organisation's name follows ("works at", "transferred from").
#[rustfmt::skip]
pub const ORG_PHRASES: &[&[&str]] = &[
    &["works", "at"], &["works", "for"], &["working", "at"], &["working", "for"], &["worked", "at"],
    &["worked", "for"], &["employed", "at"], &["employed", "by"], &["employed", "with"],
    &["employer"], &["retired", "from"], &["transferred", "from"], &["transferred", "to"],
    &["transfer", "from"], &["transfer", "to"], &["admitted", "from"], &["discharged", "to"],
    &["requested", "from"], &["obtained", "from"], &["resident", "of"], &["seen", "at"],
    &["followed", "at"], &["follows", "at"], &["treated", "at"], &["student", "at"],
    &["teacher", "at"], &["attends"],
];

/// Words that end an organisation's name wherever it stands ("Riverside Medical Center").
#[rustfmt::skip]
pub const ORG_HEADS: &[&str] = &[
    "hospital", "hospitals", "center", "centre", "clinic", "clinics", "infirmary", "hospice",
    "healthcare", "manor", "practice", "school", "academy", "university", "college", "inc", "llc",
    "llp", "ltd", "corp", "corporation", "company", "associates", "home", "homes", "institute",
    "foundation", "pharmacy",
];

/// Heads that make an organisation only after a qualifying word ("Nursing Home", not "Home").
pub const WEAK_ORG_HEADS: &[&str] = &["home", "homes", "pharmacy", "practice", "center", "centre"];

/// Words that may join the words of an organisation's name.
pub const ORG_JOINERS: &[&str] = &["of", "the", "and", "&", "for", "de", "st", "saint", "on"];

/// Words that say nothing about which organisation it is ("Outside Hospital").
#[rustfmt::skip]
pub const GENERIC: &[&str] = &[
    "outside", "another", "local", "other", "same", "main", "this", "that", "an", "a", "our",
    "their", "his", "her", "community", "county", "state", "city", "regional", "general", "medical",
    "health", "care", "nursing", "memorial", "university", "children's", "veterans", "family",
    "private", "public", "rehabilitation", "rehab", "skilled", "assisted", "living", "long", "term",
    "acute", "hospital", "center", "centre", "clinic", "home", "the",
];

/// Name particles ("van der Merwe", "de la Cruz").
#[rustfmt::skip]
pub const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "la", "le", "del", "della", "da", "das", "dos", "du", "di",
    "ter", "ten", "bin", "ibn", "al", "el", "st", "mac", "ben", "y",
];

/// Month names, which are given names too ("June", "April", "Jun").
#[rustfmt::skip]
pub const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

/// Weekday names.
#[rustfmt::skip]
pub const WEEKDAYS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// Suffixes of drug names and medical terms: an unknown capitalised word ending so is not a name.
#[rustfmt::skip]
pub const TERM_SUFFIXES: &[&str] = &[
    "itis", "osis", "emia", "aemia", "oma", "pathy", "ectomy", "otomy", "ostomy", "plasty", "scopy",
    "graphy", "algia", "uria", "penia", "cytosis", "trophy", "plasia", "lysis", "pril", "sartan",
    "statin", "olol", "mab", "nib", "azole", "mycin", "cillin", "floxacin", "cycline", "vir",
    "tide", "gliptin", "gliflozin", "dipine", "pine", "done", "pam", "lam", "tidine", "prazole",
    "parin", "xaban", "gatran", "sone", "lone", "olone", "amine", "idine", "azine", "oxin", "ase",
    "gram", "logy", "logist", "iatry", "ics", "ism", "phylaxis", "ectasia", "megaly", "rrhea",
    "rrhoea", "spasm", "stomy", "therapy", "ine", "ide", "ate", "ium", "ol", "ician", "itian",
    "ologist", "iatrist", "apist", "acist", "ntist",
];

/// US state names (and their words): not names of people, but they do name an organisation
/// ("Maine Medical Center", "Ohio State University").
#[rustfmt::skip]
pub const STATE_WORDS: &[&str] = &[
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
    "delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
    "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
    "mississippi", "missouri", "montana", "nebraska", "nevada", "hampshire", "jersey", "mexico",
    "york", "carolina", "dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode", "island",
    "tennessee", "texas", "utah", "vermont", "virginia", "washington", "wisconsin", "wyoming",
];

/// Words that end an organisation's name on a line written in capitals.
#[rustfmt::skip]
pub const CAPS_STOPS: &[&str] = &[
    "as", "a", "an", "in", "at", "with", "until", "since", "who", "which", "that", "is", "was",
    "to", "from", "by", "but", "or", "per", "after", "before", "when", "while", "pt", "patient",
    "he", "she", "they", "for", "on", "and", "where", "x", "c",
];
