//! Every Danish text the reader sees, in one place.

pub const APP_NAME: &str = "Beboerblad";
pub const SKIP_TO_CONTENT: &str = "Gå til indholdet";
pub const MAIN_NAV: &str = "Hovedmenu";
pub const SECTIONS_NAV: &str = "Sektioner";
pub const ISSUES_NAV: &str = "Alle blade";
pub const BOOKMARKS_NAV: &str = "Mine bogmærker";
pub const RECENT_NAV: &str = "Mine seneste";

pub const LOADING: &str = "Henter bladet …";
pub const LOADING_LIST: &str = "Henter din liste …";
pub const FEED_PROBLEM_TITLE: &str = "Bladet kan ikke vises lige nu";
pub const FEED_NETWORK: &str =
    "Vi kunne ikke hente bladet. Tjek at du er på nettet, og prøv igen.";
pub const FEED_HTTP: &str = "Bladets server svarede med en fejl. Prøv igen om lidt.";
pub const FEED_INVALID: &str =
    "Bladets indhold kunne ikke læses. Prøv igen senere – redaktionen er måske ved at opdatere det.";
pub const TRY_AGAIN: &str = "Prøv igen";

pub const CURRENT_ISSUE: &str = "Nyeste blad";
pub const SEE_CONTENTS: &str = "Se indholdet";
pub const MORE_FROM: &str = "Flere artikler fra";
pub const LATEST: &str = "Nyeste artikler";
pub const ALL_ISSUES: &str = "Alle blade";
pub const NO_ISSUES: &str = "Der er ingen blade endnu.";
pub const CONTENTS_OF: &str = "Indholdet af";
pub const SECTION: &str = "Sektion";
pub const OTHER_ARTICLES: &str = "Øvrige artikler";
pub const PAGES: &str = "sider";
pub const PAGE: &str = "side";
pub const PAGE_CAPITALIZED: &str = "Side";
pub const COVER_OF: &str = "Forsiden af";

pub const BY: &str = "Af";
pub const PRINTED_IN: &str = "Bragt i";
pub const IN_SECTION: &str = "i sektionen";
pub const SOURCE_LABEL: &str = "Kilde";
pub const READ_ALSO: &str = "Læs også";

pub const BOOKMARK: &str = "Gem som bogmærke";
pub const MY_BOOKMARKS: &str = "Mine bogmærker";
pub const MY_RECENT: &str = "Mine seneste artikler";
pub const NO_BOOKMARKS: &str =
    "Du har ingen bogmærker endnu. Tryk på »Gem som bogmærke« ved en artikel for at gemme den her.";
pub const NO_RECENT: &str = "Du har ikke læst nogen artikler endnu.";
pub const CLEAR: &str = "Ryd";
pub const REMOVE: &str = "Fjern";
pub const OK: &str = "OK";

pub const STORAGE_UNAVAILABLE: &str =
    "Din browser tillader ikke at gemme data, så bogmærker og seneste artikler huskes kun, indtil du lukker siden.";
pub const STORAGE_FULL: &str =
    "Din browsers lager er fuldt, så den seneste ændring blev ikke gemt. Fjern nogle bogmærker, eller ryd »Mine seneste«.";
pub const STORAGE_CORRUPT: &str =
    "En gemt liste kunne ikke læses. Vi har gemt en kopi og starter forfra med en tom liste.";

pub const NOT_FOUND_TITLE: &str = "Siden findes ikke";
pub const NOT_FOUND_TEXT: &str =
    "Vi kan ikke finde den side, du leder efter. Måske er adressen skrevet forkert, eller artiklen er fjernet.";
pub const TO_FRONT_PAGE: &str = "Gå til forsiden";
