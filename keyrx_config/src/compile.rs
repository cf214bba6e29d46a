//! Runs a config script once, in the sandbox, and turns what it built into a `Config` plus
//! diagnostics.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use keyrx_core::config::Config;

use crate::assemble::assemble;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, Sources};
use crate::engine::{self, Limits};
use crate::errors;
use crate::imports::ConfinedResolver;
use crate::state::{Issue, Shared, State};

/// A successfully compiled config.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub config: Config,
    /// Warnings and notes (`print` output); never errors.
    pub warnings: Vec<Diagnostic>,
    /// The text of every file read, for rendering the warnings.
    pub sources: Sources,
}

impl Compiled {
    /// The warnings as text with source lines, like [`Diagnostics::render`].
    pub fn render_warnings(&self) -> String {
        crate::diagnostic::render_all(
            &self.warnings,
            &self.sources,
            crate::diagnostic::Style::Plain,
        )
    }

    /// The warnings with their sources, for callers that render or serialize them.
    pub fn diagnostics(&self) -> Diagnostics {
        Diagnostics {
            items: self.warnings.clone(),
            sources: self.sources.clone(),
        }
    }
}

/// Compiles a config file; imports resolve inside its directory.
pub fn compile_file_with(path: &Path, limits: &Limits) -> Result<Compiled, Diagnostics> {
    let name = path.to_string_lossy().into_owned();
    let read = crate::files::read_text_bounded(path, crate::files::MAX_SCRIPT_BYTES)
        .and_then(|text| Ok((text, path.canonicalize()?)));
    match read {
        Ok((text, canonical)) => {
            let root = canonical.parent().map(Path::to_path_buf);
            run(&name, &text, root, Some(canonical), limits)
        }
        Err(e) => Err(Diagnostics {
            items: vec![
                Issue::new(Severity::Error, None, format!("cannot read {name}: {e}"))
                    .into_diagnostic(&Sources::default(), &name),
            ],
            sources: Sources::default(),
        }),
    }
}

/// Compiles config text named `name`; imports resolve inside `base_dir`, and are refused
/// without one.
pub fn compile_str_with(
    name: &str,
    source: &str,
    base_dir: Option<&Path>,
    limits: &Limits,
) -> Result<Compiled, Diagnostics> {
    let root = match base_dir.map(Path::canonicalize) {
        Some(Ok(dir)) => Some(dir),
        Some(Err(e)) => {
            let message = format!("cannot use the config directory: {e}");
            let issue = Issue::new(Severity::Error, None, message);
            return Err(Diagnostics {
                items: vec![issue.into_diagnostic(&Sources::default(), name)],
                sources: Sources::default(),
            });
        }
        None => None,
    };
    // If the text is a file of that directory, an import of it is a cycle like any other.
    let main_path = root
        .as_ref()
        .and_then(|r| Path::new(name).file_name().map(|f| r.join(f)))
        .and_then(|p| p.canonicalize().ok());
    run(name, source, root, main_path, limits)
}

/// The stack a script runs on, whatever thread compiles it. Rhai's own walks over arrays and
/// object maps (size checks, clones, drops) recurse once per level with no bound of their own,
/// and a script can nest them in a loop; each level costs the walk over all the levels below it,
/// so within the time limit a script reaches some tens of thousands of levels, which need a few
/// MiB of stack. The stack is reserved, not committed: only the pages used take memory.
pub const EVAL_STACK_BYTES: usize = 256 * 1024 * 1024;

fn run(
    name: &str,
    source: &str,
    root: Option<PathBuf>,
    main_path: Option<PathBuf>,
    limits: &Limits,
) -> Result<Compiled, Diagnostics> {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("keyrx-config".into())
            .stack_size(EVAL_STACK_BYTES)
            .spawn_scoped(scope, || {
                run_here(name, source, root.clone(), main_path.clone(), limits)
            });
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: the caller's stack is the next best.
            Err(_) => run_here(name, source, root.clone(), main_path.clone(), limits),
        }
    })
}

fn run_here(
    name: &str,
    source: &str,
    root: Option<PathBuf>,
    main_path: Option<PathBuf>,
    limits: &Limits,
) -> Result<Compiled, Diagnostics> {
    let sources = Rc::new(RefCell::new(Sources::default()));
    sources.borrow_mut().insert(name, source);
    let state: Shared = Rc::new(RefCell::new(State::default()));
    let resolver =
        ConfinedResolver::new(root, name, main_path, sources.clone(), limits.max_imports);
    let engine = engine::build(&state, limits, resolver);
    let outcome = match engine.compile(source) {
        Err(e) => Err(errors::from_parse(&e, name, limits)),
        Ok(mut ast) => {
            ast.set_source(name);
            engine
                .run_ast(&ast)
                .map_err(|e| errors::from_eval(&e, name, limits))
        }
    };
    drop(engine);
    let mut st = std::mem::take(&mut *state.borrow_mut());
    let config = match outcome {
        Ok(()) => Some(assemble(&mut st)),
        // After a fatal error the state is partial: checking it would report false problems.
        Err(issue) => {
            st.issues.push(issue);
            None
        }
    };
    st.note_dropped();
    let sources = std::mem::take(&mut *sources.borrow_mut());
    finish(st.issues, sources, name, config)
}

fn finish(
    issues: Vec<Issue>,
    sources: Sources,
    name: &str,
    config: Option<Config>,
) -> Result<Compiled, Diagnostics> {
    let mut items: Vec<Diagnostic> = issues
        .into_iter()
        .map(|i| i.into_diagnostic(&sources, name))
        .collect();
    // Errors first; within a severity, the order they were found in.
    items.sort_by_key(|d| d.severity);
    match config {
        Some(config) if !items.iter().any(Diagnostic::is_error) => Ok(Compiled {
            config,
            warnings: items,
            sources,
        }),
        _ => Err(Diagnostics { items, sources }),
    }
}
