//! Every Danish text the reader sees, in one place.

pub const APP_NAME: &str = "Beboerblad";
pub const SKIP_TO_CONTENT: &str = "Gå til indholdet";
/// Announced after an in-app navigation, before the new page's heading.
pub const PAGE_SHOWN: &str = "Side:";
pub const MAIN_NAV: &str = "Hovedmenu";
pub const SECTIONS_NAV: &str = "Sektioner";
pub const ISSUES_NAV: &str = "Alle blade";
pub const BOOKMARKS_NAV: &str = "Mine bogmærker";
pub const RECENT_NAV: &str = "Mine seneste";
pub const ARCHIVE_NAV: &str = "Alle artikler";
pub const FRONT_NAV: &str = "Forside";
/// The switch between dark and light colours (a toggle button: pressed is dark).
pub const DARK_SCREEN: &str = "Mørk skærm";
/// Embedded: the link to the same page in the full reader.
pub const OPEN_IN_READER: &str = "Åbn i læseren";
/// Embedded: what the browser keeps of the reader's lists (one is shown, see my_lists.rs).
pub const EMBED_LISTS_SHARED: &str = "Listen er den samme som i den fulde læser i denne browser.";
pub const EMBED_LISTS_SEPARATE: &str = "Din browser gemmer bogmærker og seneste artikler for hver hjemmeside for sig: \
     dem, du gemmer her, finder du kun her – den fulde læser har sine egne.";
pub const EMBED_LISTS_NONE: &str = "Din browser lader ikke bladet gemme noget, når det vises på en anden hjemmeside, \
     så listen huskes kun, til du lukker siden.";

pub const LOADING: &str = "Henter bladet …";
pub const LOADING_LIST: &str = "Henter din liste …";
pub const FEED_PROBLEM_TITLE: &str = "Bladet kan ikke vises lige nu";
pub const FEED_NETWORK: &str = "Vi kunne ikke hente bladet. Tjek at du er på nettet, og prøv igen.";
pub const FEED_HTTP: &str = "Bladets server svarede med en fejl. Prøv igen om lidt.";
pub const FEED_UNAVAILABLE: &str =
    "Bladet er ikke tilgængeligt på serveren lige nu. Redaktionen er måske ved at opdatere det – prøv igen om lidt.";
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
pub const OF: &str = "af";

pub const ALL_ARTICLES: &str = "Alle artikler";
pub const ARTICLES_IN_ALL: &str = "artikler i alt, de nyeste først.";
pub const ARCHIVE_PAGES: &str = "Sider i arkivet";
pub const NEWER_ARTICLES: &str = "← Nyere artikler";
pub const OLDER_ARTICLES: &str = "Ældre artikler →";
pub const SECTION_PAGES: &str = "Sider i sektionen";

pub const BY: &str = "Af";
/// The title of an item that has neither title nor any text to make one from.
pub const UNTITLED: &str = "Uden titel";
pub const PRINTED_IN: &str = "Denne artikel er bragt i";
pub const IN_SECTION: &str = "i sektionen";
pub const SOURCE_LABEL: &str = "Kilde";
pub const READ_ALSO: &str = "Læs også";
/// The side column (below the article on narrow screens).
pub const WEB_SECTIONS: &str = "Web-sektioner";
pub const SEE_ALL: &str = "Se alle";
pub const SEE_ALL_BOOKMARKS: &str = "bogmærker";
pub const SEE_ALL_RECENT: &str = "seneste artikler";
pub const CONTACT: &str = "Kontakt";
pub const SEE_COLOPHON: &str = "Se seneste kolofon og kontakt redaktionen";
pub const COLOPHON_TITLE: &str = "Kolofon og kontakt";
pub const COLOPHON_CONTACT: &str = "Kontakt redaktionen";
pub const TEXT_SIZE: &str = "Tekststørrelse";
pub const SMALLER_TEXT: &str = "Mindre tekst";
pub const LARGER_TEXT: &str = "Større tekst";
/// Sharing an article: the device's share sheet, or the clipboard without one.
pub const SHARE: &str = "Del";
/// Reading an article aloud (speech synthesis with a Danish voice).
pub const READ_ALOUD: &str = "Læs op";
pub const PAUSE: &str = "Pause";
pub const RESUME: &str = "Fortsæt";
pub const STOP: &str = "Stop";
/// In print, before the article's URL.
pub const ARTICLE_ADDRESS: &str = "Artiklens adresse:";
pub const COPY_LINK: &str = "Kopiér link";
pub const LINK_COPIED: &str = "Linket er kopieret.";
pub const COPY_FAILED: &str = "Linket kunne ikke kopieres. Kopiér adressen fra browserens adresselinje.";

pub const BOOKMARK: &str = "Gem som bogmærke";
pub const MY_BOOKMARKS: &str = "Mine bogmærker";
pub const MY_RECENT: &str = "Mine seneste artikler";
pub const NO_BOOKMARKS: &str =
    "Du har ingen bogmærker endnu. Tryk på »Gem som bogmærke« ved en artikel for at gemme den her.";
pub const SIDE_NO_BOOKMARKS: &str = "Du har ingen bogmærker endnu.";
pub const NO_RECENT: &str = "Du har ikke læst nogen artikler endnu.";
pub const CLEAR: &str = "Ryd";
pub const REMOVE: &str = "Fjern";
pub const OK: &str = "OK";

pub const STORAGE_UNAVAILABLE: &str =
    "Din browser tillader ikke at gemme data, så bogmærker og seneste artikler huskes kun, indtil du lukker siden.";
pub const STORAGE_FULL: &str = "Din browsers lager er fuldt, så den seneste ændring blev ikke gemt. Fjern nogle bogmærker, eller ryd »Mine seneste«.";
pub const STORAGE_CORRUPT: &str =
    "En gemt liste kunne ikke læses. Vi har gemt en kopi og starter forfra med en tom liste.";

pub const NOT_FOUND_TITLE: &str = "Siden findes ikke";
pub const NOT_FOUND_TEXT: &str =
    "Vi kan ikke finde den side, du leder efter. Måske er adressen skrevet forkert, eller artiklen er fjernet.";
pub const TO_FRONT_PAGE: &str = "Gå til forsiden";

pub const RATE_HEADING: &str = "Bedøm artiklen";
pub const RATE_HINT: &str = "Klik på en smiley - du kan skifte mening bagefter";
/// The five ratings, 1 to 5: accessible name and smiley.
pub const RATINGS: [(&str, &str); 5] = [
    ("Øv - ikke god", "😞"),
    ("Nogenlunde", "😕"),
    ("OK", "😐"),
    ("Cool - god artikel", "😊"),
    ("Kan anbefales", "😍"),
];
pub const RATINGS_COUNT: &str = "bedømmelser";
pub const RATING_ONE: &str = "bedømmelse";
pub const RATING_AVERAGE: &str = "gennemsnit";
pub const RATING_DISTRIBUTION: &str = "Sådan har læserne bedømt artiklen";
pub const NO_RATINGS: &str = "Ingen har bedømt artiklen endnu.";
pub const RATING_SAVED: &str = "Tak! Din bedømmelse er gemt.";
pub const RATING_REMOVED: &str = "Din bedømmelse er fjernet.";
pub const RATING_REMOVE: &str = "Fjern min bedømmelse";
pub const RATING_NOT_SAVED: &str = "Din bedømmelse blev ikke gemt:";
/// After a reason from the `WAIT_` texts: a rating waiting in the outbox.
pub const RATING_QUEUED: &str = "Din bedømmelse sendes, når forbindelsen er tilbage.";
pub const RATING_RETRYING: &str = "Din bedømmelse er gemt her og sendes igen om lidt.";

pub const COMMENTS_HEADING: &str = "Kommentarer";
pub const NO_COMMENTS: &str = "Ingen kommentarer endnu. Skriv den første!";
pub const MORE_COMMENTS: &str = "Vis flere kommentarer";
pub const WRITE_COMMENT: &str = "Skriv en kommentar";
pub const NAME_LABEL: &str = "Navn";
pub const COMMENT_LABEL: &str = "Kommentar";
pub const SEND_COMMENT: &str = "Send kommentar";
pub const SENDING: &str = "Sender …";
pub const CHARACTERS: &str = "tegn";
pub const COMMENT_SENT: &str = "Tak! Din kommentar er sendt.";
pub const COMMENT_NOT_SENT: &str = "Kommentaren blev ikke sendt, men din tekst er gemt her:";
pub const DELETE_COMMENT: &str = "Slet";
pub const COMMENT_DELETED: &str = "Din kommentar er slettet.";
pub const COMMENT_NOT_DELETED: &str = "Kommentaren blev ikke slettet:";
pub const COMMENTS_NEED_JS: &str = "Du kan læse kommentarerne her; for at skrive en skal JavaScript være slået til.";
pub const COMMENTS_UNAVAILABLE: &str = "Kommentarerne kan ikke hentes lige nu.";
pub const HONEYPOT_LABEL: &str = "Lad dette felt være tomt";
/// After a reason from the `WAIT_` texts: a comment waiting in the outbox.
pub const COMMENT_QUEUED_OFFLINE: &str = "Kommentaren er gemt og sendes, når du er online igen.";
pub const COMMENT_QUEUED: &str = "Kommentaren er gemt og sendes, når forbindelsen er tilbage.";
pub const COMMENT_RETRYING: &str = "Kommentaren er gemt og sendes igen om lidt.";
/// On a comment of the reader's in the list that is not sent yet.
pub const COMMENT_WAITING: &str = "Venter på forbindelse – sendes automatisk";
pub const COMMENT_WAITING_SERVER: &str = "Venter på bladets server – sendes automatisk";

/// Why the reader's ratings and comments wait to be sent.
pub const WAIT_OFFLINE: &str = "Du er offline.";
pub const WAIT_UNREACHABLE: &str = "Der er ingen forbindelse til bladets server.";
pub const WAIT_BUSY: &str = "Bladets server kan ikke tage imod det lige nu.";
pub const WAIT_UNEXPECTED: &str = "Bladets server svarede noget uventet.";

pub const API_OFFLINE: &str = "Der er ingen forbindelse til bladets server. Tjek at du er på nettet, og prøv igen.";
pub const API_RATE_LIMITED: &str = "Du har skrevet mange gange på kort tid. Prøv igen om";
pub const HOUR: &str = "time";
pub const HOURS: &str = "timer";
pub const MINUTE: &str = "minut";
pub const MINUTES: &str = "minutter";
pub const SECOND: &str = "sekund";
pub const SECONDS: &str = "sekunder";
pub const A_LITTLE: &str = "lidt";
pub const API_NAME_EMPTY: &str = "Skriv dit navn.";
pub const API_NAME_TOO_LONG: &str = "Navnet må højst være 60 tegn.";
pub const API_NAME_INVALID: &str =
    "Navnet skal stå på én linje og må ikke indeholde usynlige tegn, der ændrer tekstens retning.";
pub const API_BODY_EMPTY: &str = "Skriv en kommentar.";
pub const API_BODY_TOO_LONG: &str = "Kommentaren må højst være 4000 tegn.";
pub const API_BODY_INVALID: &str =
    "Kommentaren indeholder usynlige styretegn, som ikke kan gemmes. Skriv den ind igen uden at kopiere.";
pub const API_UNKNOWN_ARTICLE: &str = "Artiklen findes ikke længere.";
pub const API_UNKNOWN_COMMENT: &str = "Kommentaren findes ikke længere.";
pub const API_INVALID_READER: &str = "Bladets server genkendte ikke din browser. Prøv igen.";
pub const API_NOT_YOURS: &str = "Du kan kun slette dine egne kommentarer fra denne browser.";
pub const API_UNEXPECTED: &str =
    "Bladets server svarede noget uventet. Måske er der en fejl på siden – prøv igen om lidt.";
pub const API_FAILED: &str = "Serveren kunne ikke gøre det lige nu. Prøv igen om lidt.";

// Offline reading (service worker, src/offline.rs).
pub const OFFLINE_TITLE: &str = "Ikke tilgængelig offline";
pub const OFFLINE_TEXT: &str = "Du er ikke på nettet, og denne side er ikke gemt på din enhed.";
pub const OFFLINE_HELP: &str = "Artikler, du har gemt som bogmærke eller læst for nylig, kan du læse uden forbindelse.";
pub const OFFLINE_BACK: &str = "Tilbage";
pub const OFFLINE_RETRY: &str = "Prøv igen";
pub const YOU_ARE_OFFLINE: &str = "Du er offline";
pub const YOU_ARE_OFFLINE_HINT: &str = "Gemte artikler kan stadig læses.";
pub const UPDATE_READY: &str = "Ny version – opdater";
pub const STORED_OFFLINE: &str = "Kan læses offline";
pub const NOT_STORED_OFFLINE: &str = "Ikke gemt offline endnu";

// Search (the header's field and /soeg).
pub const SEARCH: &str = "Søg";
pub const SEARCH_LABEL: &str = "Søg i bladet";
pub const SEARCH_TITLE: &str = "Søg i bladet";
pub const SEARCH_PROMPT: &str = "Skriv et eller flere ord i søgefeltet.";
pub const SEARCH_SEARCHING: &str = "Søger …";
pub const SEARCH_NONE: &str = "Ingen artikler passer til";
pub const SEARCH_ONE: &str = "1 artikel passer til";
pub const SEARCH_MANY: &str = "artikler passer til";
pub const SEARCH_SHOWN: &str = "De bedste vises her:";
pub const SEARCH_OFFLINE: &str = "Du er offline: kun artikler, der er gemt på denne enhed, er søgt igennem.";
pub const SEARCH_FAILED: &str = "Søgningen kunne ikke gennemføres. Prøv igen om lidt.";
pub const SEARCH_TOO_LONG: &str = "Søgningen er for lang. Prøv med færre ord.";
