//! The interactive browser. The only module that uses ratatui and crossterm.
//!
//! The shape is ratatui's "Elm" architecture: one [`App`] state; terminal events, worker answers
//! and signals become [`Action`]s (keys through the [`keymap`]); [`App::update`] changes the
//! state; [`views::draw`] draws it and never changes it. Work that is slow (the search index,
//! searches) runs on the [`worker`] thread; work that touches the world (saving state, the
//! clipboard, exports) is asked for with [`Effect`]s that the main loop carries out, so the
//! whole of `update` can be tested without a terminal. [`views::draw`] draws on any ratatui
//! backend, so tests draw on `TestBackend`.

pub(crate) mod action;
pub mod app;
pub(crate) mod components;
pub mod config;
pub(crate) mod export;
pub mod keymap;
pub mod loader;
pub mod state;
pub mod text;
pub mod theme;
pub mod update;
pub mod views;
pub mod worker;

use crate::filter::facets::FacetOrder;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use anyhow::Context;
use ratatui::Terminal;
use ratatui::backend::Backend;
// crossterm through ratatui's re-export: the one version ratatui draws with, never a second pin.
use ratatui::crossterm;
use ratatui::crossterm::event::{Event, MouseButton, MouseEventKind};

pub use action::Action;
pub use app::{App, Effect};

use crate::corpus::ArticleStore;
use worker::{Opener, Request, WorkerEvent};

/// What `kanbao` (no subcommand) hands the browser.
pub(crate) struct TuiOptions {
    /// Classified articles, in corpus order.
    pub(crate) store: Arc<ArticleStore>,
    /// Cities in gazetteer order and themes in taxonomy order, as the navigator lists them.
    pub(crate) facet_order: FacetOrder,
    /// What `pages.toml` says about pages (paper, page number, URL), by file stem.
    pub(crate) page_sources: std::collections::HashMap<String, crate::classify::PageInfo>,
    /// Opens or builds the search index on the worker thread; `None` searches by plain scan.
    pub(crate) open_index: Option<Opener>,
    /// Where read marks, bookmarks and the last position live (None: the XDG state dir).
    pub(crate) state_dir: Option<PathBuf>,
    /// `--config FILE`; None reads `~/.config/kanbao/config.toml` if it exists.
    pub(crate) config_path: Option<PathBuf>,
    /// `--ambiguous-wide`; the config's `ambiguous_width` applies when this is false.
    pub(crate) ambiguous_wide: bool,
    /// Load warnings to show once in the status bar.
    pub(crate) notices: Vec<String>,
    /// The archive, when it is still being read: `store` is then empty, and the articles show
    /// as they are read (see [`loader`]).
    pub(crate) loading: Option<loader::Loading>,
    /// Draw the first frame and quit (`--exit-after-first-frame`, for start-up benchmarks).
    pub(crate) exit_after_first_frame: bool,
}

/// Everything the main loop receives.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Input {
    Terminal(Event),
    Worker(WorkerEvent),
    /// From the loader (an archive read in the background): progress, stores, notices.
    Load(Action),
}

/// The default state directory: `$XDG_STATE_HOME/kanbao` (or the platform's local data dir).
pub(crate) fn default_state_dir() -> Option<PathBuf> {
    crate::dirs::Dirs::discover().state
}

/// Builds the starting state: config, saved state, catalog. No terminal needed.
pub(crate) fn build_app(opts: &mut TuiOptions) -> App {
    let (config, mut notices) = config::load(opts.config_path.as_deref());
    let mut theme = config.theme.clone();
    theme.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let plain = plain_terminal(
        std::env::var("TERM").ok().as_deref(),
        &["LC_ALL", "LC_CTYPE", "LANG"].map(|v| std::env::var(v).ok()),
    );
    if let Some(why) = &plain {
        theme.no_color = true;
        notices.push(format!(
            "{why}: 用 ASCII 边框、不用颜色 using ASCII borders and no colour"
        ));
    }
    let ambiguous = if opts.ambiguous_wide {
        text::Ambiguous::Wide
    } else {
        config.ambiguous.unwrap_or_default()
    };
    let (saved, state_notices) = match opts.state_dir.clone().or_else(default_state_dir) {
        Some(dir) => state::load(&dir),
        None => (state::SavedState::default(), Vec::new()),
    };
    notices.extend(state_notices);
    let store = Arc::clone(&opts.store);
    let state_dir = opts.state_dir.clone().or_else(default_state_dir);
    let mut app = App::new(
        store,
        &opts.facet_order,
        config.keymap,
        theme,
        ambiguous,
        saved,
    );
    app.export_dir.clone_from(&config.export_dir);
    app.set_sources(std::mem::take(&mut opts.page_sources));
    app.ascii = plain.is_some();
    if let Some(dir) = &state_dir {
        app.search =
            components::search::SearchState::with_history(components::line::load_history(dir));
    }
    app.notices.extend(opts.notices.drain(..));
    app.notices.extend(notices);
    if opts.open_index.is_none() && (opts.loading.is_none() || !opts.store.is_empty()) {
        app.index = app::IndexState::Fallback;
    }
    if opts.loading.is_some() && opts.store.is_empty() {
        app.loading = Some(loader::LoadProgress::default());
    }
    app
}

/// Why the terminal should get ASCII borders and no colour, if it should: `TERM=dumb`, or a
/// locale (the first set of `LC_ALL`, `LC_CTYPE`, `LANG`) that is not UTF-8.
pub fn plain_terminal(term: Option<&str>, locale: &[Option<String>]) -> Option<String> {
    if term == Some("dumb") {
        return Some("TERM=dumb".to_string());
    }
    let locale = locale.iter().flatten().find(|v| !v.is_empty())?;
    let lower = locale.to_ascii_lowercase();
    (!lower.contains("utf-8") && !lower.contains("utf8"))
        .then(|| format!("locale {locale} is not UTF-8"))
}

/// Runs the browser until the user quits. Fails at once, with advice, when stdout is not a
/// terminal.
pub(crate) fn run(mut opts: TuiOptions) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the browser needs a terminal; in scripts and pipes use `kanbao list`, `kanbao search` or `kanbao show` (add --json for machine-readable output)"
        );
    }
    let mut app = build_app(&mut opts);
    let state_file = opts
        .state_dir
        .clone()
        .or_else(default_state_dir)
        .map(|dir| state::StateFile::new(dir, app.saved.clone()));

    let terminate = terminate_flag()?;

    let _guard = TerminalGuard::enter()?;
    let backend = ratatui::backend::CrosstermBackend::new(std::io::stdout());
    let mut terminal = Terminal::new(backend).context("cannot start drawing on the terminal")?;
    // No `terminal.clear()`: it asks the terminal where the cursor is and waits for the answer,
    // which costs a round trip over SSH before the first frame and fails after two seconds on
    // terminals that never answer. `TerminalGuard::enter` cleared the alternate screen already,
    // and a new `Terminal` draws every cell of its first frame.

    let (input_tx, input_rx) = std::sync::mpsc::channel::<Input>();
    let stop_input = Arc::new(AtomicBool::new(false));
    let input_thread = spawn_input_thread(input_tx.clone(), Arc::clone(&stop_input));
    let request_tx = start_worker_and_loader(&app, &mut opts, &input_tx);
    drop(input_tx);

    if opts.exit_after_first_frame {
        let size = terminal.size().context("cannot read the terminal size")?;
        app.update(Action::Resize(size.width, size.height));
        terminal
            .draw(|frame| views::draw(frame, &app))
            .context("cannot draw on the terminal")?;
        return Ok(());
    }
    let mut runner = LiveEffects {
        requests: request_tx,
        state_file,
        save_warned: false,
    };
    let result = run_loop(&mut terminal, &mut app, &input_rx, &mut runner, &terminate);
    stop_input.store(true, Ordering::SeqCst);
    // Not joined: when the terminal is gone (SSH dropped, tmux killed) crossterm's poll can spin
    // on the dead tty without ever returning, and joining would keep the process alive forever.
    // Leaving `run` ends the process, and the thread with it.
    drop(input_thread);
    result
}

/// A flag that SIGTERM, SIGHUP and SIGINT raise, so the main loop restores the terminal and
/// saves before the process ends.
fn terminate_flag() -> anyhow::Result<Arc<AtomicBool>> {
    let terminate = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&terminate))
            .with_context(|| format!("cannot install the handler for signal {signal}"))?;
    }
    Ok(terminate)
}

/// Starts the search worker (with the index opener, if any) and, when the archive is still
/// being read, the loader; both answer through `input_tx`. Returns where search requests go.
fn start_worker_and_loader(
    app: &App,
    opts: &mut TuiOptions,
    input_tx: &Sender<Input>,
) -> Sender<Request> {
    let (request_tx, request_rx) = std::sync::mpsc::channel::<Request>();
    let worker_tx = input_tx.clone();
    let worker = worker::spawn_open(Arc::clone(&app.store), request_rx, move |event| {
        worker_tx.send(Input::Worker(event)).is_ok()
    });
    if let Some(opener) = opts.open_index.take() {
        let _ = worker.openers.send((0, opener));
    }
    if let Some(loading) = opts.loading.take() {
        let loader_tx = input_tx.clone();
        loader::spawn(
            loading,
            opts.facet_order.clone(),
            worker.engines.clone(),
            worker.openers.clone(),
            move |event| {
                let action = match event {
                    loader::LoaderEvent::Progress(p) => Action::Loading(p),
                    loader::LoaderEvent::Grown(g) => Action::Grown(g),
                    loader::LoaderEvent::Notice(n) => Action::Notice(n),
                };
                loader_tx.send(Input::Load(action)).is_ok()
            },
        );
    }
    request_tx
}

/// Restores the terminal when dropped, and on panic (through the hook it installs).
struct TerminalGuard;

fn restore_terminal() {
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(
        std::io::stdout(),
        // Blank the alternate screen first: tmux can carry its rows over to the main screen
        // when the window was resized while we were in it.
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
        crossterm::event::DisableBracketedPaste,
        crossterm::event::DisableMouseCapture,
        crossterm::terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

impl TerminalGuard {
    fn enter() -> anyhow::Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
        crossterm::terminal::enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        let guard = TerminalGuard;
        crossterm::execute!(
            std::io::stdout(),
            crossterm::terminal::EnterAlternateScreen,
            crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
            crossterm::event::EnableMouseCapture,
            crossterm::event::EnableBracketedPaste,
            crossterm::cursor::Hide
        )
        .context("cannot set the terminal up")?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn spawn_input_thread(tx: Sender<Input>, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("kanbao-input".into())
        .spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                match crossterm::event::poll(Duration::from_millis(100)) {
                    Ok(true) => match crossterm::event::read() {
                        Ok(event) => {
                            if tx.send(Input::Terminal(event)).is_err() {
                                return;
                            }
                        }
                        Err(_) => return,
                    },
                    Ok(false) => {}
                    Err(_) => return,
                }
            }
        })
        .expect("spawning a thread only fails when the OS is out of resources")
}

/// Carries out [`Effect`]s; returns what the app should hear back.
pub trait EffectRunner {
    fn run(&mut self, effect: Effect, app: &App) -> Option<Action>;
}

struct LiveEffects {
    requests: Sender<Request>,
    state_file: Option<state::StateFile>,
    save_warned: bool,
}

impl EffectRunner for LiveEffects {
    fn run(&mut self, effect: Effect, app: &App) -> Option<Action> {
        match effect {
            Effect::Search { seq, request } => {
                let _ = self.requests.send(Request::Search { seq, request });
                None
            }
            Effect::Related { seq, index } => {
                let _ = self.requests.send(Request::Related { seq, index });
                None
            }
            Effect::SaveState => {
                let file = self.state_file.as_mut()?;
                match file.save(&app.saved) {
                    Ok(_) => None,
                    Err(e) if !self.save_warned => {
                        self.save_warned = true;
                        Some(Action::Report(e.to_string()))
                    }
                    Err(_) => None,
                }
            }
            Effect::Clipboard(text) => {
                let mut out = std::io::stdout();
                let ok = out
                    .write_all(export::osc52(&text).as_bytes())
                    .and_then(|()| out.flush());
                ok.err().map(|e| {
                    Action::Report(format!(
                        "无法复制 cannot write to the terminal for the clipboard: {e}"
                    ))
                })
            }
            Effect::Export { index } => Some(Action::Report(export_article(app, index))),
            Effect::SaveHistory => {
                let dir = self.state_file.as_ref()?.dir();
                components::line::save_history(dir, app.search().line().history())
                    .err()
                    .map(|e| {
                        Action::Report(format!("搜索历史未保存 search history not saved: {e}"))
                    })
            }
        }
    }
}

/// Exports article `index` to Markdown; the message says where, or why not.
pub(crate) fn export_article(app: &App, index: usize) -> String {
    let article = match app.store.article(index) {
        Ok(article) => article,
        Err(why) => return why.to_string(),
    };
    let markdown = export::to_markdown(&article, &|t| app.facets.theme_label(t).to_string());
    let Some(dir) = app
        .export_dir
        .clone()
        .or_else(crate::dirs::default_export_dir)
    else {
        return "无处导出 nowhere to export: set export_dir in the config".to_string();
    };
    match export::write_new_file(&[dir], &article.id, &markdown) {
        Ok(path) => format!("已导出 exported to {}", path.display()),
        Err(why) => why.to_string(),
    }
}

/// Turns a terminal event into an action for `app`.
pub(crate) fn action_for_event(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) => app.action_for_key(key),
        Event::Paste(text) => Some(Action::Insert(text.clone())),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown => Some(Action::Wheel {
                column: m.column,
                row: m.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::Wheel {
                column: m.column,
                row: m.row,
                down: false,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// Feeds one input to the app.
pub(crate) fn handle_input(app: &mut App, input: Input) {
    match input {
        Input::Terminal(Event::Key(key)) => app.handle_key(key),
        Input::Terminal(event) => {
            if let Some(action) = action_for_event(app, &event) {
                app.update(action);
            }
        }
        Input::Worker(event) => app.update(Action::Worker(event)),
        Input::Load(action) => app.update(action),
    }
}

/// Carries out the app's pending effects, feeding their answers back.
pub fn run_effects(app: &mut App, runner: &mut dyn EffectRunner) {
    while !app.outbox.is_empty() {
        let effects = std::mem::take(&mut app.outbox);
        for effect in effects {
            if let Some(action) = runner.run(effect, app) {
                app.update(action);
            }
        }
    }
}

/// The main loop: draw, wait for input (or a signal), update, carry out effects, until quit.
pub(crate) fn run_loop<B>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    inputs: &Receiver<Input>,
    runner: &mut dyn EffectRunner,
    terminate: &AtomicBool,
) -> anyhow::Result<()>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
{
    run_effects(app, runner);
    while app.running {
        let size = terminal.size().context("cannot read the terminal size")?;
        if (size.width, size.height) != app.size {
            app.update(Action::Resize(size.width, size.height));
        }
        terminal
            .draw(|frame| views::draw(frame, app))
            .context("cannot draw on the terminal")?;
        match inputs.recv_timeout(Duration::from_millis(250)) {
            Ok(input) => {
                handle_input(app, input);
                // Take whatever else has arrived before drawing again (fast typing, pastes).
                while app.running
                    && let Ok(more) = inputs.try_recv()
                {
                    handle_input(app, more);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => app.update(Action::Terminate),
        }
        if terminate.load(Ordering::SeqCst) {
            app.update(Action::Terminate);
        }
        run_effects(app, runner);
    }
    Ok(())
}
