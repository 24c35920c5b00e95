//! One call to the network at a time per part of a page, and only the latest reply counts.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// A call whose reply updates the page: what is running (a signal), and a generation counter
/// so that only the reply to the latest call is delivered. A reply for a post the reader has
/// left, for a filter they changed, or for a component that is gone, is dropped.
///
/// `K` names what runs, for a part that shows it (the moderation row's "Hiding…"); most
/// parts use `()`, with [`Loader::run`] and [`Loader::run_if_idle`].
///
/// Why not `LocalResource` with `Suspense`: they add their async machinery to the wasm
/// (16.6 KB measured when the pages dropped them), and most parts here keep what they show
/// while the next call runs (the next page of comments, a retried post), which a resource's
/// single value does not say.
///
/// ```no_run
/// use blog::loader::Loader;
/// use leptos::prelude::*;
///
/// let answer = RwSignal::new(None);
/// let loader = Loader::new();
/// loader.run(async { 42 }, move |value| answer.set(Some(value)));
/// ```
pub struct Loader<K: Send + Sync + 'static = ()> {
    running: RwSignal<Option<K>>,
    generation: StoredValue<u64>,
}

impl<K: Send + Sync + 'static> Clone for Loader<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Send + Sync + 'static> Copy for Loader<K> {}

impl<K: Send + Sync + 'static> Default for Loader<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Send + Sync + 'static> Loader<K> {
    /// Nothing running yet.
    pub fn new() -> Self {
        Self {
            running: RwSignal::new(None),
            generation: StoredValue::new(0),
        }
    }

    /// Whether a call runs (tracked).
    pub fn busy(self) -> bool {
        self.running.with(Option::is_some)
    }

    /// Whether a call runs, read without tracking (in an event handler).
    pub fn busy_untracked(self) -> bool {
        self.running.with_untracked(Option::is_some)
    }

    /// Whether `what` runs (tracked).
    pub fn runs(self, what: &K) -> bool
    where
        K: PartialEq,
    {
        self.running.with(|running| running.as_ref() == Some(what))
    }

    /// Starts `call` as `what`. A call still running is superseded: its reply will be
    /// dropped. When `call` finishes and nothing newer started, the loader is idle again and
    /// `done` gets the reply.
    pub fn start<T: 'static>(
        self,
        what: K,
        call: impl Future<Output = T> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        let ticket = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(ticket);
        self.running.set(Some(what));
        spawn_local(async move {
            let reply = call.await;
            // `None`: the component is gone.
            if self.generation.try_get_value() != Some(ticket) {
                return;
            }
            self.running.set(None);
            done(reply);
        });
    }

    /// Like [`Loader::start`], unless a call is running already (a second click on a button
    /// whose request is on its way): then nothing happens and it returns `false`.
    pub fn start_if_idle<T: 'static>(
        self,
        what: K,
        call: impl Future<Output = T> + 'static,
        done: impl FnOnce(T) + 'static,
    ) -> bool {
        if self.busy_untracked() {
            return false;
        }
        self.start(what, call, done);
        true
    }
}

impl Loader<()> {
    /// [`Loader::start`] for a part that only shows whether something runs.
    pub fn run<T: 'static>(
        self,
        call: impl Future<Output = T> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        self.start((), call, done);
    }

    /// [`Loader::start_if_idle`] for a part that only shows whether something runs.
    pub fn run_if_idle<T: 'static>(
        self,
        call: impl Future<Output = T> + 'static,
        done: impl FnOnce(T) + 'static,
    ) -> bool {
        self.start_if_idle((), call, done)
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::components::test_support::sleep;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn owner() {
        let _ = any_spawner::Executor::init_wasm_bindgen();
        Owner::new().set();
    }

    #[wasm_bindgen_test]
    async fn only_the_latest_reply_is_delivered() {
        owner();
        let loader = Loader::new();
        let seen = Rc::new(RefCell::new(Vec::new()));
        let (slow, fast) = (seen.clone(), seen.clone());
        loader.run(
            async {
                sleep(60).await;
                "stale"
            },
            move |v| slow.borrow_mut().push(v),
        );
        loader.run(
            async {
                sleep(10).await;
                "latest"
            },
            move |v| fast.borrow_mut().push(v),
        );
        assert!(loader.busy());
        sleep(120).await;
        assert_eq!(*seen.borrow(), ["latest"]);
        assert!(!loader.busy());
    }

    #[wasm_bindgen_test]
    async fn a_second_call_while_one_runs_is_refused() {
        owner();
        let loader = Loader::new();
        let count = Rc::new(RefCell::new(0));
        let first = count.clone();
        assert!(loader.run_if_idle(sleep(20), move |()| *first.borrow_mut() += 1));
        let second = count.clone();
        assert!(!loader.run_if_idle(sleep(1), move |()| *second.borrow_mut() += 1));
        sleep(60).await;
        assert_eq!(*count.borrow(), 1);
        let third = count.clone();
        assert!(loader.run_if_idle(async {}, move |()| *third.borrow_mut() += 1));
        sleep(10).await;
        assert_eq!(*count.borrow(), 2);
    }

    #[wasm_bindgen_test]
    async fn what_runs_is_known_until_its_reply() {
        owner();
        let loader = Loader::<&'static str>::new();
        loader.start("hide", sleep(20), |()| {});
        assert!(loader.runs(&"hide"));
        assert!(!loader.runs(&"delete"));
        sleep(60).await;
        assert!(!loader.busy());
    }
}
