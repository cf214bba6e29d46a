//! The sandboxed Rhai engine a config runs in: resource limits, the packages it may use, and
//! the config API. It has no file, process, network or clock access; `import` goes through
//! [`ConfinedResolver`](crate::imports::ConfinedResolver) only.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rhai::packages::{
    BasicArrayPackage, BasicMapPackage, BasicMathPackage, BitFieldPackage, CorePackage,
    LogicPackage, MoreStringPackage, Package,
};
use rhai::{Dynamic, Engine, EvalAltResult};

use crate::imports::ConfinedResolver;
use crate::state::{Shared, Site};

/// Resource limits for evaluating a config. The defaults leave real configs (even generated
/// ones with thousands of mappings) far from every limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Script operations in total, across the main file and every import.
    pub max_operations: u64,
    /// Wall-clock time for the whole evaluation.
    pub max_time: Duration,
    /// Nested function calls.
    pub max_call_depth: usize,
    /// Nesting depth of expressions (at top level; functions get half).
    pub max_expr_depth: usize,
    /// Bytes in one string.
    pub max_string_size: usize,
    /// Items in one array.
    pub max_array_size: usize,
    /// Entries in one object map.
    pub max_map_size: usize,
    /// Files imported, counting repeats.
    pub max_imports: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_operations: 5_000_000,
            max_time: Duration::from_secs(2),
            max_call_depth: 64,
            max_expr_depth: 64,
            max_string_size: 256 * 1024,
            max_array_size: 100_000,
            max_map_size: 100_000,
            max_imports: 64,
        }
    }
}

/// Why `on_progress` stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    Operations,
    Time,
}

/// How often (in operations) the wall clock is read: reading it on every operation would cost
/// more than the operation itself.
const CLOCK_EVERY: u64 = 1024;

pub(crate) fn build(st: &Shared, limits: &Limits, resolver: ConfinedResolver) -> Engine {
    let mut engine = Engine::new_raw();
    // No BasicTimePackage: a config must compile to the same bytes every time.
    engine.register_global_module(CorePackage::new().as_shared_module());
    engine.register_global_module(LogicPackage::new().as_shared_module());
    engine.register_global_module(BasicMathPackage::new().as_shared_module());
    engine.register_global_module(BitFieldPackage::new().as_shared_module());
    engine.register_global_module(BasicArrayPackage::new().as_shared_module());
    engine.register_global_module(BasicMapPackage::new().as_shared_module());
    engine.register_global_module(MoreStringPackage::new().as_shared_module());
    apply_limits(&mut engine, limits);
    engine.set_strict_variables(true);
    // The optimizer treats `import` as free of side effects and drops one at the end of a
    // block, but here an import runs the file's mappings.
    engine.set_optimization_level(rhai::OptimizationLevel::None);
    engine.set_fail_on_invalid_map_property(true);
    engine.set_module_resolver(resolver);
    // `eval` would compile code the error positions could not point into.
    engine.disable_symbol("eval");
    // The core package's `sleep` would block the thread where no limit can see it.
    engine.register_fn("sleep", |_: i64| -> Result<(), Box<EvalAltResult>> {
        Err(no_sleep())
    });
    engine.register_fn("sleep", |_: f64| -> Result<(), Box<EvalAltResult>> {
        Err(no_sleep())
    });
    capture_output(&mut engine, st);
    crate::api::register(&mut engine, st);
    engine
}

fn no_sleep() -> Box<EvalAltResult> {
    crate::errors::fatal("sleep() is not available in a config", None)
}

fn apply_limits(engine: &mut Engine, limits: &Limits) {
    // Rhai's own operation limit counts per module; the total is enforced in on_progress.
    engine.set_max_operations(limits.max_operations.saturating_add(1));
    engine.set_max_call_levels(limits.max_call_depth);
    engine.set_max_expr_depths(limits.max_expr_depth, limits.max_expr_depth / 2);
    engine.set_max_string_size(limits.max_string_size);
    engine.set_max_array_size(limits.max_array_size);
    engine.set_max_map_size(limits.max_map_size);
    engine.set_max_modules(limits.max_imports);
    let started = Instant::now();
    let total = Rc::new(Cell::new(0u64));
    let (max_ops, max_time) = (limits.max_operations, limits.max_time);
    engine.on_progress(move |_| {
        let n = total.get() + 1;
        total.set(n);
        if n > max_ops {
            return Some(Dynamic::from(Stop::Operations));
        }
        if n % CLOCK_EVERY == 0 && started.elapsed() > max_time {
            return Some(Dynamic::from(Stop::Time));
        }
        None
    });
}

/// `print` and `debug` become notes, so they show in the CLI and the web validator alike; the
/// log is bounded, so a print in a loop cannot grow the process or the response.
fn capture_output(engine: &mut Engine, st: &Shared) {
    let s = st.clone();
    engine.on_print(move |text| s.borrow_mut().log(None, format!("print: {text}")));
    let s = st.clone();
    engine.on_debug(move |text, source, pos| {
        let site = Site::at(source.unwrap_or_default().into(), pos);
        s.borrow_mut().log(Some(site), format!("debug: {text}"));
    });
}
