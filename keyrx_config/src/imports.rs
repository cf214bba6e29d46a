//! `import "path"`: the only way a config reaches other files. Paths are relative to the
//! importing file and must stay inside the main config's directory tree, checked both on the
//! path as written (`..`) and on the resolved file (symbolic links). Import cycles are reported
//! with the whole chain.
//!
//! An imported file runs when it is imported, like an include: its top-level `layer()`,
//! `map()` and `combo()` calls add to the config at that point (inside a layer's closure they
//! add to that layer), and its functions are available as `alias::name(..)`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use rhai::{Engine, EvalAltResult, Module, ModuleResolver, Position, Scope};

use crate::diagnostic::Sources;
use crate::errors::fatal_at;

/// The extension appended to an import path that has none.
const EXTENSION: &str = "rhai";

pub(crate) struct ConfinedResolver {
    /// The canonical config directory; `None` when compiling text with no directory.
    root: Option<PathBuf>,
    /// Prefix of display names, so imports print relative to where the user ran the command.
    display_dir: PathBuf,
    sources: Rc<RefCell<Sources>>,
    /// Canonical path of every file read, by display name, to resolve imports relative to it.
    files: RefCell<HashMap<String, PathBuf>>,
    /// The files being evaluated, outermost first, for cycle detection.
    stack: RefCell<Vec<(String, PathBuf)>>,
    count: Cell<usize>,
    max: usize,
}

impl ConfinedResolver {
    /// `main` is the main file's display name and, when it is a real file, its canonical path.
    pub fn new(
        root: Option<PathBuf>,
        main: &str,
        main_path: Option<PathBuf>,
        sources: Rc<RefCell<Sources>>,
        max: usize,
    ) -> ConfinedResolver {
        let display_dir = Path::new(main)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut files = HashMap::new();
        let mut stack = Vec::new();
        if let Some(p) = main_path {
            files.insert(main.to_string(), p.clone());
            stack.push((main.to_string(), p));
        }
        ConfinedResolver {
            root,
            display_dir,
            sources,
            files: RefCell::new(files),
            stack: RefCell::new(stack),
            count: Cell::new(0),
            max,
        }
    }

    /// Finds the file an import names and checks it is allowed.
    fn locate(
        &self,
        importer: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Result<PathBuf, Box<EvalAltResult>> {
        let Some(root) = &self.root else {
            return Err(fatal_at(
                &format!("cannot import `{path}`: this config has no directory to import from"),
                Some("imports work when the config is compiled from a file".into()),
                pos,
            ));
        };
        let written = Path::new(path);
        if written.has_root()
            || written
                .components()
                .any(|c| matches!(c, Component::Prefix(_)))
        {
            return Err(fatal_at(
                &format!("cannot import `{path}`: imports must be relative paths"),
                Some(
                    "import files from the config's own directory, e.g. import \"lib/keys\"".into(),
                ),
                pos,
            ));
        }
        let dir = importer
            .and_then(|i| self.files.borrow().get(i).cloned())
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| root.clone());
        let mut candidate = dir.join(written);
        if candidate.extension().is_none() {
            candidate.set_extension(EXTENSION);
        }
        if !normalize(&candidate).starts_with(root) {
            return Err(outside(path, root, pos, ""));
        }
        let canonical = candidate
            .canonicalize()
            .map_err(|e| fatal_at(&format!("cannot import `{path}`: {e}"), None, pos))?;
        if !canonical.starts_with(root) {
            return Err(outside(path, root, pos, " through a symbolic link"));
        }
        Ok(canonical)
    }

    fn check_cycle(
        &self,
        canonical: &Path,
        display: &str,
        pos: Position,
    ) -> Result<(), Box<EvalAltResult>> {
        let stack = self.stack.borrow();
        let Some(start) = stack.iter().position(|(_, p)| p == canonical) else {
            return Ok(());
        };
        let chain: Vec<&str> = stack[start..]
            .iter()
            .map(|(d, _)| d.as_str())
            .chain(std::iter::once(display))
            .collect();
        Err(fatal_at(
            &format!("import cycle: {}", chain.join(" -> ")),
            Some("a file cannot import itself, directly or through other files".into()),
            pos,
        ))
    }

    fn display_name(&self, canonical: &Path) -> String {
        let relative = self
            .root
            .as_ref()
            .and_then(|r| canonical.strip_prefix(r).ok())
            .unwrap_or(canonical);
        let shown = self.display_dir.join(relative);
        shown.to_string_lossy().replace('\\', "/")
    }

    fn evaluate(
        &self,
        engine: &Engine,
        display: &str,
        canonical: PathBuf,
        pos: Position,
    ) -> Result<Rc<Module>, Box<EvalAltResult>> {
        let text = crate::files::read_text_bounded(&canonical, crate::files::MAX_SCRIPT_BYTES)
            .map_err(|e| fatal_at(&format!("cannot read `{display}`: {e}"), None, pos))?;
        self.sources.borrow_mut().insert(display, &text);
        self.files
            .borrow_mut()
            .insert(display.to_string(), canonical.clone());
        let in_module = |err: Box<EvalAltResult>| {
            Box::new(EvalAltResult::ErrorInModule(display.to_string(), err, pos))
        };
        let mut ast = engine.compile(&text).map_err(|e| in_module(e.into()))?;
        ast.set_source(display);
        self.stack
            .borrow_mut()
            .push((display.to_string(), canonical));
        let result = Module::eval_ast_as_new(Scope::new(), &ast, engine);
        self.stack.borrow_mut().pop();
        result.map(Rc::new).map_err(in_module)
    }
}

fn outside(path: &str, root: &Path, pos: Position, how: &str) -> Box<EvalAltResult> {
    fatal_at(
        &format!("cannot import `{path}`: it is outside the config directory{how}"),
        Some(format!(
            "a config may import only files under {}",
            root.display()
        )),
        pos,
    )
}

/// Resolves `.` and `..` without touching the file system, so a path that climbs out of the
/// directory is refused even when its target does not exist.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

impl ModuleResolver for ConfinedResolver {
    fn resolve(
        &self,
        engine: &Engine,
        source: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Result<Rc<Module>, Box<EvalAltResult>> {
        let canonical = self.locate(source, path, pos)?;
        let display = self.display_name(&canonical);
        self.check_cycle(&canonical, &display, pos)?;
        // Each import starts a fresh Rhai runtime, so Rhai's own module count resets; this
        // count is the real total.
        self.count.set(self.count.get() + 1);
        if self.count.get() > self.max {
            return Err(fatal_at(
                &format!("more than {} imports", self.max),
                Some("split fewer files, or import shared files once".into()),
                pos,
            ));
        }
        self.evaluate(engine, &display, canonical, pos)
    }
}
