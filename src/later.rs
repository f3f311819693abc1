//! A part of a server-rendered page that is hydrated in a task of its own, after the rest.
//!
//! Hydrating the whole page at once is one task longer than 50 ms on a slow phone (issue
//! 11). A part wrapped in [`later`] is stepped over while the page is hydrated and
//! hydrated in a later task; until then it is the server's markup, already on screen, so
//! nothing moves. Everywhere else (rendering on the server, building after a navigation
//! inside the app) the part renders as if it were not wrapped.
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

/// Hydrates `view` (one element) in a task of its own after the rest of the page.
pub fn later<V>(view: V) -> Later<V> {
    Later(view)
}

/// See [`later`].
pub struct Later<V>(V);

/// The part's element as the server rendered it, until the part is hydrated.
enum Part<S> {
    Waiting(Element),
    Hydrated(S),
}

/// A [`Later`] part in the page.
pub struct LaterState<S>(Rc<RefCell<Part<S>>>);

impl<V: Render> Render for Later<V> {
    type State = LaterState<V::State>;

    fn build(self) -> Self::State {
        LaterState(Rc::new(RefCell::new(Part::Hydrated(self.0.build()))))
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut part = state.0.borrow_mut();
        match &mut *part {
            Part::Hydrated(inner) => self.0.rebuild(inner),
            // Not hydrated yet: the new view replaces the server's markup.
            Part::Waiting(el) => {
                let mut inner = self.0.build();
                if let Some(parent) = Rndr::get_parent(el.as_ref()).and_then(Element::cast_from) {
                    inner.mount(&parent, Some(el.as_ref()));
                }
                Rndr::remove(el.as_ref());
                *part = Part::Hydrated(inner);
            }
        }
    }
}

impl<V: AddAnyAttr> AddAnyAttr for Later<V> {
    // Attributes spread onto a part are never wanted later: the part is no longer one.
    type Output<SomeNewAttr: Attribute> = V::Output<SomeNewAttr>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        self.0.add_any_attr(attr)
    }
}

impl<V: RenderHtml + 'static> RenderHtml for Later<V> {
    type AsyncOutput = V::AsyncOutput;
    type Owned = V::Owned;

    const MIN_LENGTH: usize = V::MIN_LENGTH;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    async fn resolve(self) -> Self::AsyncOutput {
        self.0.resolve().await
    }

    fn to_html_with_buf(self, buf: &mut String, position: &mut Position, flags: RenderFlags, extra: Vec<AnyAttribute>) {
        self.0.to_html_with_buf(buf, position, flags, extra);
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
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(buf, position, flags, extra);
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
            let now = self.0.hydrate::<FROM_SERVER>(cursor, &PositionState::new(Position::Current));
            position.set(Position::NextChild);
            return LaterState(Rc::new(RefCell::new(Part::Hydrated(now))));
        };
        position.set(Position::NextChild);
        let part = Rc::new(RefCell::new(Part::Waiting(el.clone())));
        let waiting: Weak<RefCell<Part<V::State>>> = Rc::downgrade(&part);
        let view = self.0;
        crate::browser::in_turn(vec![Box::new(move || {
            // Gone (the page changed) or replaced meanwhile: nothing to hydrate.
            let Some(part) = waiting.upgrade() else { return };
            if matches!(*part.borrow(), Part::Waiting(_)) {
                let cursor = Cursor::new(el);
                let inner = view.hydrate::<FROM_SERVER>(&cursor, &PositionState::new(Position::Current));
                *part.borrow_mut() = Part::Hydrated(inner);
            }
        })]);
        LaterState(part)
    }

    fn into_owned(self) -> Self::Owned {
        self.0.into_owned()
    }
}

impl<S: Mountable> Mountable for LaterState<S> {
    fn unmount(&mut self) {
        match &mut *self.0.borrow_mut() {
            Part::Waiting(el) => Rndr::remove(el.as_ref()),
            Part::Hydrated(inner) => inner.unmount(),
        }
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        match &mut *self.0.borrow_mut() {
            Part::Waiting(el) => Rndr::insert_node(parent, el.as_ref(), marker),
            Part::Hydrated(inner) => inner.mount(parent, marker),
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match &*self.0.borrow() {
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
        match &*self.0.borrow() {
            Part::Waiting(el) => vec![el.clone()],
            Part::Hydrated(inner) => inner.elements(),
        }
    }
}
