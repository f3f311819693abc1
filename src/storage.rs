//! "Mine bogmærker" and "Mine seneste artikler": the only module that touches
//! localStorage (values as signals kept in sync with other tabs, [`use_stored`]; the
//! outbox's list is read and written directly, see [`read_now`]).
//!
//! Entries carry what the lists show (title, issue, section), so the lists render without
//! the feed. Reading is lenient: one broken entry is skipped, not the whole list; a
//! list that cannot be read at all is copied aside before anything overwrites it.

use codee::string::FromToStringCodec;
use codee::{Decoder, Encoder};
use leptos::prelude::*;
use serde::Serialize;

use crate::api::{self, ApiError};
use crate::da;
use crate::json::{self, Fields, FromJson, JsonError, Value};
use crate::model::{Article, ArticleId, Magazine};

/// Versioned keys: a future format gets a new key and can migrate from the old one.
pub const BOOKMARKS_KEY: &str = "beboerblad.bogmaerker.v1";
pub const RECENT_KEY: &str = "beboerblad.seneste.v1";
/// Where an unreadable list is copied before it is replaced.
pub const BROKEN_SUFFIX: &str = ".ulaeselig";
pub const RECENT_CAP: usize = 50;

/// An article as remembered in a list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SavedArticle {
    pub id: ArticleId,
    pub title: String,
    pub issue: Option<String>,
    pub section: Option<String>,
    /// Milliseconds since the epoch.
    pub at: f64,
}

impl FromJson for SavedArticle {
    fn read(f: &mut Fields, v: &Value) -> Self {
        SavedArticle {
            id: ArticleId::new(f.string(v, "id")),
            title: f.string(v, "title"),
            issue: f.opt_string(v, "issue"),
            section: f.opt_string(v, "section"),
            at: f.opt_number(v, "at").unwrap_or_default(),
        }
    }
}

impl SavedArticle {
    pub fn of(article: &Article, magazine: &Magazine, at: f64) -> Self {
        Self {
            id: article.id.clone(),
            title: article.title.clone(),
            issue: article.issue.as_ref().and_then(|i| magazine.issue(i)).map(|i| i.title.clone()),
            section: article.section.as_ref().and_then(|s| magazine.section(s)).map(|s| s.name.clone()),
            at,
        }
    }
}

/// Adds `entry` first, or removes it if it is there.
pub fn toggle(list: &mut Vec<SavedArticle>, entry: SavedArticle) {
    if contains(list, &entry.id) {
        remove(list, &entry.id);
    } else {
        list.insert(0, entry);
    }
}

pub fn contains(list: &[SavedArticle], id: &ArticleId) -> bool {
    list.iter().any(|a| &a.id == id)
}

pub fn remove(list: &mut Vec<SavedArticle>, id: &ArticleId) {
    list.retain(|a| &a.id != id);
}

/// Records a visit: the article moves to the front, once, and the list keeps
/// [`RECENT_CAP`] entries.
pub fn visit(list: &mut Vec<SavedArticle>, entry: SavedArticle) {
    remove(list, &entry.id);
    list.insert(0, entry);
    list.truncate(RECENT_CAP);
}

/// JSON list codec that skips entries it cannot read instead of failing the whole list.
pub struct LenientList;

impl<T: Serialize> Encoder<Vec<T>> for LenientList {
    type Error = JsonError;
    type Encoded = String;
    fn encode(val: &Vec<T>) -> Result<String, Self::Error> {
        json::to_string(val)
    }
}

impl<T: FromJson> Decoder<Vec<T>> for LenientList {
    type Error = JsonError;
    type Encoded = str;
    fn decode(val: &str) -> Result<Vec<T>, Self::Error> {
        json::read_lenient_list(val)
    }
}

/// JSON codec through the browser's own JSON (see `json.rs`).
pub struct JsonCodec;

impl<T: Serialize> Encoder<T> for JsonCodec {
    type Error = JsonError;
    type Encoded = String;
    fn encode(val: &T) -> Result<String, Self::Error> {
        json::to_string(val)
    }
}

impl<T: FromJson> Decoder<T> for JsonCodec {
    type Error = JsonError;
    type Encoded = str;
    fn decode(val: &str) -> Result<T, Self::Error> {
        json::read(val)
    }
}

/// One list in localStorage.
#[derive(Clone, Copy)]
pub struct StoredList {
    stored: Signal<Vec<SavedArticle>>,
    set: WriteSignal<Vec<SavedArticle>>,
    hydrated: RwSignal<bool>,
}

impl StoredList {
    /// Runs `f` on the list as shown: empty until the app has taken over the server's
    /// page (the server cannot know it), the stored list after that.
    pub fn with<R>(&self, f: impl FnOnce(&[SavedArticle]) -> R) -> R {
        if self.hydrated.get() { self.stored.with(|l| f(l)) } else { f(&[]) }
    }

    pub fn get(&self) -> Vec<SavedArticle> {
        self.with(<[SavedArticle]>::to_vec)
    }

    pub fn update(&self, f: impl FnOnce(&mut Vec<SavedArticle>)) {
        self.set.update(f);
    }
}

/// The reader's own lists, and a quiet notice when storage misbehaves.
#[derive(Clone, Copy)]
pub struct MyArticles {
    pub bookmarks: StoredList,
    pub recent: StoredList,
    /// A Danish message for the reader, shown in a polite live region.
    pub notice: RwSignal<Option<&'static str>>,
    hydrated: RwSignal<bool>,
}

impl MyArticles {
    /// Opens both lists. They are read at once (so updates made right after start-up
    /// build on the stored lists), but shown only after [`MyArticles::mark_hydrated`], so
    /// the first render in the browser equals the server's, which never sees localStorage.
    pub fn new() -> Self {
        let notice = RwSignal::new(None);
        let hydrated = RwSignal::new(false);
        Self {
            bookmarks: open(BOOKMARKS_KEY, notice, hydrated),
            recent: open(RECENT_KEY, notice, hydrated),
            notice,
            hydrated,
        }
    }

    /// Called from an effect once the app runs in the browser.
    pub fn mark_hydrated(&self) {
        self.hydrated.set(true);
    }

    /// Whether the stored lists are shown yet (see [`StoredList::with`]).
    pub fn is_ready(&self) -> bool {
        self.hydrated.get()
    }

    pub fn is_bookmarked(&self, id: &ArticleId) -> bool {
        self.bookmarks.with(|l| contains(l, id))
    }
}

impl Default for MyArticles {
    fn default() -> Self {
        Self::new()
    }
}

fn open(key: &'static str, notice: RwSignal<Option<&'static str>>, hydrated: RwSignal<bool>) -> StoredList {
    let (stored, set) = use_stored::<Vec<SavedArticle>, LenientList>(key, notice);
    StoredList { stored, set, hydrated }
}

/// The value stored under `key` as a signal. In the browser it is read at once, written
/// back when it changes (a default value is not written over an empty key) and read again
/// when another tab changes it; on the server it stays the default. Trouble is told to
/// the reader through `notice`; an unreadable value is copied aside first
/// ([`keep_unreadable`]).
fn use_stored<T, C>(key: &'static str, notice: RwSignal<Option<&'static str>>) -> Stored<T>
where
    T: Default + Clone + PartialEq + Send + Sync + 'static,
    C: Encoder<T, Encoded = String> + Decoder<T, Encoded = str>,
{
    let (value, set) = signal(T::default());
    #[cfg(target_arch = "wasm32")]
    {
        // What storage holds as far as this tab knows: a value equal to it is not written.
        let known = StoredValue::new(None::<String>);
        let load = move || match read_now(key) {
            Err(message) => notice.set(Some(message)),
            Ok(None) => {
                known.set_value(None);
                set.set(T::default());
            }
            Ok(Some(raw)) => match C::decode(&raw) {
                Ok(read) => {
                    known.set_value(Some(raw));
                    if read != value.get_untracked() {
                        set.set(read);
                    }
                }
                Err(_) => {
                    keep_unreadable(key);
                    notice.set(Some(da::STORAGE_CORRUPT));
                }
            },
        };
        load();
        on_change_elsewhere(key, load);
        // The value is read (so tracked) on every run, and written from the second on: the
        // first run sees what was just loaded.
        let mut first = true;
        crate::effect::effect(move || {
            let encoded = value.with(|current| {
                if std::mem::take(&mut first) {
                    return None;
                }
                let empty = known.with_value(Option::is_none);
                if empty && *current == T::default() {
                    return None;
                }
                C::encode(current).ok()
            });
            let Some(raw) = encoded else { return };
            if known.with_value(|k| k.as_deref() == Some(raw.as_str())) {
                return;
            }
            match write_now(key, &raw) {
                Ok(()) => known.set_value(Some(raw)),
                Err(message) => notice.set(Some(message)),
            }
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (key, notice, <C as Decoder<T>>::decode);
    (value.into(), set)
}

/// Reads `key` straight from localStorage, for a list that several tabs change (the
/// outbox): read, changed and written back in one go, no other tab's change is overwritten.
/// `Err` is the Danish notice for the reader.
pub fn read_now(key: &str) -> Result<Option<String>, &'static str> {
    #[cfg(target_arch = "wasm32")]
    {
        local_storage()?.get_item(key).map_err(|_| da::STORAGE_UNAVAILABLE)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        Err(da::STORAGE_UNAVAILABLE)
    }
}

/// Writes `value` under `key` at once (see [`read_now`]).
pub fn write_now(key: &str, value: &str) -> Result<(), &'static str> {
    #[cfg(target_arch = "wasm32")]
    {
        local_storage()?.set_item(key, value).map_err(|_| da::STORAGE_FULL)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (key, value);
        Err(da::STORAGE_UNAVAILABLE)
    }
}

/// Calls `changed` when another tab changes `key` (or clears the storage).
pub fn on_change_elsewhere(key: &'static str, changed: impl Fn() + 'static) {
    #[cfg(target_arch = "wasm32")]
    {
        _ = window_event_listener(leptos::ev::storage, move |e| {
            if e.key().is_none_or(|k| k == key) {
                changed();
            }
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (key, changed);
}

#[cfg(target_arch = "wasm32")]
fn local_storage() -> Result<web_sys::Storage, &'static str> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).ok_or(da::STORAGE_UNAVAILABLE)
}

/// Copies a list that could not be read to a side key, once, so nothing is lost for good.
pub fn keep_unreadable(key: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Ok(storage) = local_storage() {
        let side = format!("{key}{BROKEN_SUFFIX}");
        if let (Ok(Some(raw)), Ok(None)) = (storage.get_item(key), storage.get_item(&side)) {
            let _ = storage.set_item(&side, &raw);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = key;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> SavedArticle {
        SavedArticle { id: ArticleId::new(id), title: id.to_uppercase(), issue: None, section: None, at: 0.0 }
    }

    #[test]
    fn text_maps_are_json_objects_read_in_any_order_and_written_by_key() {
        // As the drafts and secrets were stored before (a BTreeMap): an object.
        let mut map: TextMap = json::read(r#"{"b":"to","a":"en","c":"tre"}"#).unwrap();
        assert_eq!(
            (map.get("a"), map.get("b"), map.get("c"), map.get("d")),
            (Some("en"), Some("to"), Some("tre"), None)
        );
        map.insert("b".into(), "TO".into());
        map.insert("aa".into(), "halvanden".into());
        map.remove("c");
        map.remove("mangler");
        assert_eq!(json::to_string(&map).unwrap(), r#"{"a":"en","aa":"halvanden","b":"TO"}"#);
        assert!(json::read::<TextMap>(r#"["a","b"]"#).is_err());
        assert!(json::read::<TextMap>(r#"{"a":1}"#).is_err());
        assert_eq!(json::read::<TextMap>("{}").unwrap(), TextMap::default());
    }

    #[test]
    fn toggle_adds_first_and_removes() {
        let mut list = vec![entry("a")];
        toggle(&mut list, entry("b"));
        assert_eq!(list.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        toggle(&mut list, entry("a"));
        assert_eq!(list.len(), 1);
        assert!(contains(&list, &ArticleId::new("b")));
    }

    #[test]
    fn recent_is_newest_first_without_duplicates_and_capped() {
        let mut list = Vec::new();
        for i in 0..60 {
            visit(&mut list, entry(&format!("a{i}")));
        }
        visit(&mut list, entry("a30"));
        assert_eq!(list.len(), RECENT_CAP);
        assert_eq!(list[0].id.as_str(), "a30");
        assert_eq!(list[1].id.as_str(), "a59");
        assert_eq!(list.iter().filter(|a| a.id.as_str() == "a30").count(), 1);
    }

    #[test]
    fn lenient_codec_skips_broken_entries() {
        let raw = r#"[{"id":"a","title":"A"},{"title":"no id"},42,{"id":"b","title":"B","at":5}]"#;
        let list: Vec<SavedArticle> = LenientList::decode(raw).unwrap_or_default();
        assert_eq!(list.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert!(<LenientList as Decoder<Vec<SavedArticle>>>::decode("{not json").is_err());
        let encoded = LenientList::encode(&list).unwrap_or_default();
        assert_eq!(LenientList::decode(&encoded).ok(), Some(list));
    }
}

/// The reader id the server issued to this browser, for ratings and comments.
pub const READER_KEY: &str = "beboerblad.laeser.v1";
/// The name the reader last commented under.
pub const NAME_KEY: &str = "beboerblad.navn.v1";
/// Unsent comment drafts, per article.
pub const DRAFTS_KEY: &str = "beboerblad.kladder.v1";
/// Secrets that let the reader delete their own comments, per comment id.
pub const SECRETS_KEY: &str = "beboerblad.mine-kommentarer.v1";

/// A stored value and its setter.
type Stored<T> = (Signal<T>, WriteSignal<T>);

/// A few texts by key (drafts by article, secrets by comment), stored as a JSON object.
/// A list sorted by key rather than a `BTreeMap`: these maps hold a handful of entries,
/// and the B-tree's code cost the app 15 KB (issue 11).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextMap(Vec<(String, String)>);

impl TextMap {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.find(key).ok().map(|at| self.0[at].1.as_str())
    }

    pub fn insert(&mut self, key: String, value: String) {
        match self.find(&key) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (key, value)),
        }
    }

    pub fn remove(&mut self, key: &str) {
        if let Ok(at) = self.find(key) {
            self.0.remove(at);
        }
    }
}

impl Serialize for TextMap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl FromJson for TextMap {
    fn read(f: &mut Fields, v: &Value) -> Self {
        let mut map = TextMap::default();
        for (key, text) in f.texts(v, "texts") {
            map.insert(key, text);
        }
        map
    }
}

/// What the reader brings to ratings and comments: id, name, drafts, own comments.
#[derive(Clone, Copy)]
pub struct MyVoice {
    reader: Stored<String>,
    name: Stored<String>,
    drafts: Stored<TextMap>,
    secrets: Stored<TextMap>,
}

impl MyVoice {
    pub fn new(notice: RwSignal<Option<&'static str>>) -> Self {
        Self {
            reader: use_stored::<String, FromToStringCodec>(READER_KEY, notice),
            name: use_stored::<String, FromToStringCodec>(NAME_KEY, notice),
            drafts: use_stored::<TextMap, JsonCodec>(DRAFTS_KEY, notice),
            secrets: use_stored::<TextMap, JsonCodec>(SECRETS_KEY, notice),
        }
    }

    /// The reader id the server issued to this browser, if it has one. An id the app
    /// once made itself does not count: the server refuses those.
    pub fn reader(&self) -> Option<String> {
        Some(self.reader.0.get_untracked()).filter(|id| api_types::is_reader_id(id))
    }

    /// The issued reader id, asked from the server first when this browser has none.
    pub async fn issued_reader(&self) -> Result<String, ApiError> {
        if let Some(id) = self.reader() {
            return Ok(id);
        }
        let issued = api::new_reader().await?;
        // Another widget or tab may have been given one meanwhile: all keep the first.
        if let Some(id) = self.reader() {
            return Ok(id);
        }
        self.reader.1.set(issued.clone());
        Ok(issued)
    }

    /// Makes `request` as the reader (see [`MyVoice::issued_reader`]). When the server
    /// does not recognise the stored id (its key was replaced), it is forgotten and the
    /// request made once more with a new one.
    pub async fn as_reader<T, F>(&self, request: impl Fn(String) -> F) -> Result<T, ApiError>
    where
        F: Future<Output = Result<T, ApiError>>,
    {
        let reader = self.issued_reader().await?;
        match request(reader.clone()).await {
            Err(e) if e.is_invalid_reader() => {
                self.forget_reader(&reader);
                request(self.issued_reader().await?).await
            }
            result => result,
        }
    }

    /// Forgets `id` (if it is still the stored one) after the server refused it.
    pub fn forget_reader(&self, id: &str) {
        if self.reader.0.with_untracked(|stored| stored == id) {
            self.reader.1.set(String::new());
        }
    }

    /// The name the reader last used (tracked).
    pub fn name(&self) -> String {
        self.name.0.get()
    }

    pub fn set_name(&self, name: String) {
        self.name.1.set(name);
    }

    pub fn draft(&self, article: &ArticleId) -> String {
        self.drafts.0.with_untracked(|d| d.get(article.as_str()).unwrap_or_default().to_string())
    }

    pub fn set_draft(&self, article: &ArticleId, text: String) {
        self.drafts.1.update(|d| {
            if text.is_empty() {
                d.remove(article.as_str());
            } else {
                d.insert(article.as_str().to_string(), text);
            }
        });
    }

    pub fn secret(&self, comment: i64) -> Option<String> {
        self.secrets.0.with(|s| s.get(&comment.to_string()).map(str::to_string))
    }

    pub fn remember_secret(&self, comment: i64, secret: String) {
        self.secrets.1.update(|s| {
            s.insert(comment.to_string(), secret);
        });
    }

    pub fn forget_secret(&self, comment: i64) {
        self.secrets.1.update(|s| {
            s.remove(&comment.to_string());
        });
    }
}
