//! The desk's Danish text, in one place.

pub const DESK: &str = "Redaktionen";
pub const SKIP: &str = "Spring til indholdet";
pub const NAV: &str = "Redaktionen";
pub const NAV_COMMENTS: &str = "Kommentarer";
pub const NAV_FEEDBACK: &str = "Tilbagemeldinger";
pub const NAV_LOG: &str = "Log";
pub const SIGNED_IN_AS: &str = "Logget ind som";
pub const SIGN_OUT: &str = "Log ud";
pub const TO_READER: &str = "Til bladet";

pub const SIGN_IN_TITLE: &str = "Log ind";
pub const SIGN_IN_INTRO: &str = "Redaktionens side til kommentarer og læsernes tilbagemeldinger.";
pub const NAME: &str = "Navn";
pub const PASSWORD: &str = "Adgangskode";
pub const SIGN_IN: &str = "Log ind";
pub const WRONG_PASSWORD: &str = "Forkert navn eller adgangskode.";
pub const SIGNED_OUT: &str = "Du er logget ud.";
pub const SESSION_ENDED: &str = "Du er blevet logget ud, fordi siden ikke har været brugt et stykke tid. Log ind igen.";

pub const FORM_EXPIRED_TITLE: &str = "Formularen kunne ikke bruges";
pub const FORM_EXPIRED: &str = "Formularen var for gammel eller kom ikke fra denne side, så der skete ingenting. Gå tilbage, opdater siden og prøv igen.";
pub const NOT_SIGNED_IN_TITLE: &str = "Du er ikke logget ind";
pub const NOT_SIGNED_IN: &str = "Log ind for at bruge redaktionens sider.";
pub const NOT_FOUND_TITLE: &str = "Siden findes ikke";
pub const NOT_FOUND: &str = "Redaktionen har ingen side med den adresse.";
pub const UNAVAILABLE_TITLE: &str = "Noget gik galt";
pub const UNAVAILABLE: &str = "Serveren kunne ikke hente det, siden skal vise. Prøv igen om lidt.";
pub const TO_DESK: &str = "Til redaktionens forside";

pub const COMMENTS_TITLE: &str = "Kommentarer";
pub const COMMENTS_INTRO: &str = "De nyeste kommentarer fra alle artikler øverst.";
pub const FILTER: &str = "Vis kommentarer";
pub const FILTER_ARTICLE: &str = "Artikel";
pub const ALL_ARTICLES: &str = "Alle artikler";
pub const ONLY_HIDDEN: &str = "Kun skjulte";
pub const SHOW_FILTERED: &str = "Vis";
pub const NO_COMMENTS: &str = "Der er ingen kommentarer at vise.";
pub const OLDER: &str = "Ældre kommentarer";
pub const HIDDEN_BADGE: &str = "Skjult for læserne";
pub const HIDE: &str = "Skjul";
pub const SHOW: &str = "Vis igen";
pub const DELETE: &str = "Slet";
pub const COMMENT_FROM: &str = "Kommentar fra";
pub const ON: &str = "til";
pub const UNKNOWN_ARTICLE: &str = "(artikel ikke i bladet)";
pub const DONE_HIDDEN: &str = "Kommentaren er skjult for læserne.";
pub const DONE_SHOWN: &str = "Kommentaren vises igen for læserne.";
pub const DONE_DELETED: &str = "Kommentaren er slettet.";
pub const GONE: &str = "Kommentaren findes ikke længere.";

pub const DELETE_TITLE: &str = "Slet kommentaren?";
pub const DELETE_WARNING: &str =
    "En slettet kommentar kan ikke hentes tilbage. Vil du hellere skjule den, kan den vises igen senere.";
pub const DELETE_CONFIRM: &str = "Ja, slet kommentaren";
pub const CANCEL: &str = "Fortryd";

pub const LOG_TITLE: &str = "Log over moderering";
pub const LOG_INTRO: &str = "Hvem der har skjult, vist eller slettet kommentarer, og hvornår. De nyeste øverst.";
pub const LOG_EMPTY: &str = "Ingen har modereret kommentarer endnu.";
pub const LOG_WHEN: &str = "Tidspunkt";
pub const LOG_WHO: &str = "Hvem";
pub const LOG_WHAT: &str = "Handling";
pub const LOG_COMMENT: &str = "Kommentar";
pub const LOG_ADMIN_TOKEN: &str = "Administratornøglen (automatik)";
pub const ACTION_HIDE: &str = "skjulte";
pub const ACTION_SHOW: &str = "viste igen";
pub const ACTION_DELETE: &str = "slettede";

pub const FEEDBACK_TITLE: &str = "Læsernes tilbagemeldinger";
pub const FEEDBACK_INTRO: &str = "Bedømmelser og kommentarer for hvert blad og hver artikel, det nyeste blad først. Klik på en kolonneoverskrift for at sortere.";
pub const CSV_LINK: &str = "Hent som CSV-fil (til regneark)";
pub const WITHOUT_ISSUE: &str = "Artikler uden for et blad";
pub const COL_ARTICLE: &str = "Artikel";
pub const COL_RATINGS: &str = "Bedømmelser";
pub const COL_AVERAGE: &str = "Gennemsnit";
pub const COL_DISTRIBUTION: &str = "Fordeling";
pub const COL_COMMENTS: &str = "Kommentarer";
pub const ISSUE_TOTAL: &str = "Hele bladet";
pub const NO_RATINGS: &str = "ingen bedømmelser";
pub const SORTED_UP: &str = "sorteret stigende";
pub const SORTED_DOWN: &str = "sorteret faldende";
pub const DISTRIBUTION_OF: &str = "Fordeling af bedømmelserne";
