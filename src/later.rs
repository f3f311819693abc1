//! A part of a page that is made after the rest: hydrated in a task of its own when the
//! page is taken over, and remade after the paint when the page changes in the app.
//!
//! Hydrating the whole page at once is one task longer than 50 ms on a slow phone, and
//! remaking every block of an article in the click's task keeps the new text from the
//! screen (issue 11: no long task during takeover; click to new text ≤ 50 ms). A part
//! wrapped in [`later`] is stepped over while the page is hydrated and hydrated in a
//! later task; until then it is the server's markup, already on screen, so nothing moves.
//! When the page it belongs to changes, the part keeps what it shows, made `inert` so no
//! one can use it (unless its content stays right for any page:
//! [`Later::usable_while_waiting`]), until the new page has been painted; then it is made
//! anew, the newest page's only. Built fresh (a page opened in the app) and on the server
//! the part is made at once, as if it were not wrapped.
//!
//! The part must render exactly one element (its markup starts and ends with it); should
//! the server's markup hold anything else at that place, the part is hydrated at once.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::renderer::{CastFrom, Rndr};
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderFlags, RenderHtml};

/// The part `make` returns (one element), made after the rest of the page.
pub fn later<F>(make: F) -> Later<F> {
    Later(make, true)
}

/// See [`later`]. The flag: whether the part is made `inert` while it waits.
pub struct Later<F>(F, bool);

impl<F> Later<F> {
    /// For a part whose content stays right for the new page until it is remade (links
    /// only, none tied to the page: the side column): left usable while it waits, which
    /// spares restyling all of it in the click's task (`inert` applies to every element
    /// inside).
    pub fn usable_while_waiting(self) -> Self {
        Later(self.0, false)
    }
}

/// What the part shows.
enum Part<S> {
    /// The server's element, not hydrated yet.
    Waiting(Element),
    Hydrated(S),
}

struct Slot<F, S> {
    part: Part<S>,
    /// The newest page's part, to be made after the paint.
    next: Option<F>,
}

/// A [`Later`] part in the page.
pub struct LaterState<F, S>(Rc<RefCell<Slot<F, S>>>);

impl<F, S> LaterState<F, S> {
    fn new(part: Part<S>) -> Self {
        LaterState(Rc::new(RefCell::new(Slot { part, next: None })))
    }
}

impl<F, V> Render for Later<F>
where
    F: FnOnce() -> V + 'static,
    V: Render,
    V::State: 'static,
{
    type State = LaterState<F, V::State>;

    fn build(self) -> Self::State {
        LaterState::new(Part::Hydrated((self.0)().build()))
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut slot = state.0.borrow_mut();
        // The newest page wins: it takes the place of a part still waiting for the paint.
        // Each asks for its own turn (a page left cancels the turns it asked for); the
        // first turn that comes makes the newest part, any later one finds nothing to do.
        slot.next = Some(self.0);
        if self.1 {
            set_inert(&slot.part, true);
        }
        let waiting = Rc::downgrade(&state.0);
        crate::browser::after_paint(move || remake(&waiting));
    }
}

/// Makes the newest page's part in place of what the part shows.
fn remake<F, V>(waiting: &Weak<RefCell<Slot<F, V::State>>>)
where
    F: FnOnce() -> V,
    V: Render,
{
    // Gone (the page changed to another kind): nothing to make.
    let Some(slot) = waiting.upgrade() else { return };
    let Some(make) = slot.borrow_mut().next.take() else { return };
    let view = make();
    let mut slot = slot.borrow_mut();
    match &mut slot.part {
        Part::Hydrated(inner) => view.rebuild(inner),
        // Not hydrated yet: the new part replaces the server's markup.
        Part::Waiting(el) => {
            let mut inner = view.build();
            if let Some(parent) = Rndr::get_parent(el.as_ref()).and_then(Element::cast_from) {
                inner.mount(&parent, Some(el.as_ref()));
            }
            Rndr::remove(el.as_ref());
            slot.part = Part::Hydrated(inner);
        }
    }
    set_inert(&slot.part, false);
}

/// Makes the part's elements unusable (and hidden from assistive technology) while they
/// show a page the reader has left, or usable again.
fn set_inert<S: Mountable>(part: &Part<S>, inert: bool) {
    let elements = match part {
        Part::Waiting(el) => vec![el.clone()],
        Part::Hydrated(inner) => inner.elements(),
    };
    for el in elements {
        if inert {
            let _ = el.set_attribute("inert", "");
        } else {
            let _ = el.remove_attribute("inert");
        }
    }
}

impl<F, V> AddAnyAttr for Later<F>
where
    F: FnOnce() -> V + Send + 'static,
    V: RenderHtml,
{
    // Attributes spread onto a part are never wanted later: the part is no longer one.
    type Output<SomeNewAttr: Attribute> = V::Output<SomeNewAttr>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        (self.0)().add_any_attr(attr)
    }
}

impl<F, V> RenderHtml for Later<F>
where
    F: FnOnce() -> V + Send + 'static,
    V: RenderHtml + 'static,
    V::State: 'static,
{
    type AsyncOutput = V::AsyncOutput;
    // Itself, not the part's own form: `into_any` (every page is an `AnyView`) takes the
    // owned form, and the part must stay wrapped there.
    type Owned = Self;

    const MIN_LENGTH: usize = V::MIN_LENGTH;

    // The parts wrapped load nothing asynchronously: nothing to start ahead.
    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        (self.0)().resolve().await
    }

    fn to_html_with_buf(self, buf: &mut String, position: &mut Position, flags: RenderFlags, extra: Vec<AnyAttribute>) {
        (self.0)().to_html_with_buf(buf, position, flags, extra);
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        flags: RenderFlags,
        extra: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        (self.0)().to_html_async_with_buf::<OUT_OF_ORDER>(buf, position, flags, extra);
    }

    fn hydrate<const FROM_SERVER: bool>(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        // Find the part's element as its own hydration would, and step over it.
        let here = position.get();
        if here == Position::FirstChild {
            cursor.child();
        } else if here != Position::Current {
            cursor.sibling();
        }
        let Some(el) = Element::cast_from(cursor.current()) else {
            let now = (self.0)().hydrate::<FROM_SERVER>(cursor, &PositionState::new(Position::Current));
            position.set(Position::NextChild);
            return LaterState::new(Part::Hydrated(now));
        };
        position.set(Position::NextChild);
        let state = LaterState::new(Part::Waiting(el.clone()));
        let waiting = Rc::downgrade(&state.0);
        let make = self.0;
        // Made and hydrated later, under the reactive owner current now (the page's).
        crate::browser::in_turn(vec![Box::new(move || {
            // Gone (the page changed), or a newer page's part waits to replace it (whose
            // reactive owner this one's has been disposed with): nothing to hydrate.
            let Some(slot) = waiting.upgrade() else { return };
            let mut slot = slot.borrow_mut();
            if matches!(slot.part, Part::Waiting(_)) && slot.next.is_none() {
                let cursor = Cursor::new(el);
                slot.part =
                    Part::Hydrated(make().hydrate::<FROM_SERVER>(&cursor, &PositionState::new(Position::Current)));
            }
        })]);
        state
    }

    fn into_owned(self) -> Self::Owned {
        self
    }
}

impl<F, S: Mountable> Mountable for LaterState<F, S> {
    fn unmount(&mut self) {
        match &mut self.0.borrow_mut().part {
            Part::Waiting(el) => Rndr::remove(el.as_ref()),
            Part::Hydrated(inner) => inner.unmount(),
        }
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        match &mut self.0.borrow_mut().part {
            Part::Waiting(el) => Rndr::insert_node(parent, el.as_ref(), marker),
            Part::Hydrated(inner) => inner.mount(parent, marker),
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match &self.0.borrow().part {
            Part::Waiting(el) => match Rndr::get_parent(el.as_ref()).and_then(Element::cast_from) {
                Some(parent) => {
                    child.mount(&parent, Some(el.as_ref()));
                    true
                }
                None => false,
            },
            Part::Hydrated(inner) => inner.insert_before_this(child),
        }
    }

    fn elements(&self) -> Vec<Element> {
        match &self.0.borrow().part {
            Part::Waiting(el) => vec![el.clone()],
            Part::Hydrated(inner) => inner.elements(),
        }
    }
}
