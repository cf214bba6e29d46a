//! `keyrx doctor`: what stands between this machine and a working keyrx — the uinput module
//! and node, permissions and groups, other remappers holding the keyboards, the config, the
//! service — each problem with the command that fixes it.

use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::paths::{Dirs, SYSTEM_CONFIG_DIR, SYSTEM_STATE_DIR, TOKEN_FILE};

#[derive(Debug, clap::Args)]
pub struct DoctorArgs {}

/// Remappers that grab keyboards too, by process name.
const OTHER_REMAPPERS: [&str; 7] = [
    "kanata",
    "keyd",
    "xremap",
    "kmonad",
    "evremap",
    "udevmon",
    "input-remapper-service",
];
/// Largest number of processes examined, so a huge process table cannot hold doctor up.
const MAX_PROCESSES: usize = 100_000;

/// What doctor found out about the machine; gathered once, judged by [`diagnose`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Facts {
    pub root: bool,
    pub uinput_node: bool,
    pub uinput_module: bool,
    pub uinput_writable: bool,
    /// The group that owns `/dev/uinput`, and whether this user is in it.
    pub uinput_group: Option<(String, bool)>,
    pub event_devices: usize,
    pub event_readable: usize,
    pub input_group_member: bool,
    /// (process name, PID) of other remappers running.
    pub remappers: Vec<(String, u32)>,
    /// The config files `keyrx run` would use (this user's, the system service's), each with
    /// its errors, if any.
    pub configs: Vec<(PathBuf, Option<String>)>,
    pub system_service: Option<String>,
    pub user_service: Option<String>,
    /// Whether the system service's token exists and whether this user can read it.
    pub service_token: Option<bool>,
}

/// One thing doctor checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub ok: bool,
    pub what: String,
    /// The command or step that fixes it, for a problem.
    pub fix: Option<String>,
}

fn ok(what: impl Into<String>) -> Finding {
    Finding {
        ok: true,
        what: what.into(),
        fix: None,
    }
}

fn problem(what: impl Into<String>, fix: impl Into<String>) -> Finding {
    Finding {
        ok: false,
        what: what.into(),
        fix: Some(fix.into()),
    }
}

/// Judges the facts: one finding per check, problems with their fix.
pub fn diagnose(f: &Facts) -> Vec<Finding> {
    let mut out = vec![uinput(f)];
    out.extend(devices(f));
    out.push(remappers(f));
    if f.configs.is_empty() {
        out.push(ok("config: none found, keyrx runs its built-in config"));
    }
    out.extend(f.configs.iter().map(|(path, err)| match err {
        None => ok(format!("config: {} is valid", path.display())),
        Some(err) => problem(
            format!("config: {} has errors: {err}", path.display()),
            format!("keyrx check {}", path.display()),
        ),
    }));
    out.extend(services(f));
    out
}

fn uinput(f: &Facts) -> Finding {
    if !f.uinput_node {
        return if f.uinput_module {
            problem(
                "uinput: the module is loaded but /dev/uinput is missing",
                "sudo udevadm trigger --subsystem-match=misc (or reboot)",
            )
        } else {
            problem(
                "uinput: the module is not loaded (/dev/uinput is missing)",
                "sudo modprobe uinput && echo uinput | sudo tee /etc/modules-load.d/keyrx.conf",
            )
        };
    }
    if f.uinput_writable {
        return ok("uinput: /dev/uinput is writable");
    }
    match &f.uinput_group {
        Some((group, false)) if group != "root" => problem(
            format!("uinput: /dev/uinput belongs to group {group}, which you are not in"),
            format!("sudo usermod -aG {group} \"$USER\", then log out and in"),
        ),
        Some((_, true)) => problem(
            "uinput: you are in /dev/uinput's group but cannot write it (log in again?)",
            "log out and in, or: newgrp uinput",
        ),
        _ => problem(
            "uinput: /dev/uinput is root's only",
            "install the udev rule: sudo install -m 0644 dist/udev/99-keyrx.rules \
             /etc/udev/rules.d/ && sudo udevadm control --reload && sudo udevadm trigger",
        ),
    }
}

fn devices(f: &Facts) -> Option<Finding> {
    if f.event_devices == 0 {
        return Some(problem(
            "input devices: no /dev/input/event* (a container or a kernel without evdev?)",
            "sudo modprobe evdev; in a container, pass /dev/input through",
        ));
    }
    if f.event_readable == f.event_devices {
        return Some(ok(format!(
            "input devices: all {} readable",
            f.event_devices
        )));
    }
    let what = format!(
        "input devices: {} of {} readable",
        f.event_readable, f.event_devices
    );
    Some(if f.input_group_member {
        problem(what, "log out and in so that the input group applies")
    } else {
        problem(
            what,
            "sudo usermod -aG input \"$USER\", then log out and in",
        )
    })
}

fn remappers(f: &Facts) -> Finding {
    if f.remappers.is_empty() {
        return ok("other remappers: none running");
    }
    let list: Vec<String> = f
        .remappers
        .iter()
        .map(|(name, pid)| format!("{name} (pid {pid})"))
        .collect();
    let names: Vec<&str> = f.remappers.iter().map(|(n, _)| n.as_str()).collect();
    problem(
        format!(
            "other remappers running: {}; they grab keyboards, so keyrx sees no keys from those",
            list.join(", ")
        ),
        format!(
            "stop them, e.g. sudo systemctl disable --now {}",
            names.join(" ")
        ),
    )
}

fn services(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    let active = |s: &Option<String>| s.as_deref() == Some("active");
    if active(&f.system_service) && active(&f.user_service) {
        out.push(problem(
            "service: both the system and your user service are running; they fight over the keyboards",
            "systemctl --user disable --now keyrx (or sudo systemctl disable --now keyrx)",
        ));
    } else if let Some(state) = &f.system_service {
        out.push(if state == "failed" {
            problem(
                "service: the system service failed",
                "journalctl -u keyrx -b says why; then sudo systemctl restart keyrx",
            )
        } else {
            ok(format!("service: the system service is {state}"))
        });
    }
    if active(&f.system_service) && f.service_token == Some(false) && !f.root {
        out.push(problem(
            "dashboard: you cannot read the service's token, /var/lib/keyrx/token",
            "sudo usermod -aG keyrx \"$USER\", then log out and in",
        ));
    }
    out
}

/// Gathers the facts from this machine.
pub fn gather() -> Facts {
    let uinput = Path::new("/dev/uinput");
    let uinput_group = owner_group(uinput);
    let (event_devices, event_readable) = event_devices(Path::new("/dev/input"));
    let input_gid = group_id("input");
    let service_token = Path::new(SYSTEM_STATE_DIR).join(TOKEN_FILE);
    let system_service = unit_state(&[]);
    Facts {
        // SAFETY: geteuid(2) cannot fail.
        root: unsafe { libc::geteuid() } == 0,
        uinput_node: uinput.exists(),
        uinput_module: Path::new("/sys/module/uinput").exists(),
        uinput_writable: access(uinput, libc::W_OK),
        uinput_group: uinput_group.map(|(name, gid)| (name, in_group(gid))),
        event_devices,
        event_readable,
        input_group_member: input_gid.is_some_and(in_group),
        remappers: running(Path::new("/proc"), &OTHER_REMAPPERS),
        configs: configs(system_service.is_some()),
        system_service,
        user_service: unit_state(&["--user"]),
        service_token: service_token
            .exists()
            .then(|| access(&service_token, libc::R_OK)),
    }
}

/// This user's config file and, when the system service is installed, its config file, each
/// checked.
fn configs(system_service: bool) -> Vec<(PathBuf, Option<String>)> {
    let system = Dirs {
        config: Some(SYSTEM_CONFIG_DIR.into()),
        state: None,
        service: true,
    };
    let mut paths: Vec<PathBuf> = Dirs::from_env().config_file().into_iter().collect();
    if let Some(path) = system_service.then(|| system.config_file()).flatten() {
        if !paths.contains(&path) {
            paths.push(path);
        }
    }
    paths
        .into_iter()
        .map(|path| {
            let err = crate::config_loader::load(&path)
                .err()
                .map(|e| format!("{e:#}"));
            (path, err)
        })
        .collect()
}

/// (name, PID) of each process whose name is one of `names`, from a `/proc`-like directory.
pub fn running(proc_dir: &Path, names: &[&str]) -> Vec<(String, u32)> {
    let Ok(entries) = std::fs::read_dir(proc_dir) else {
        return Vec::new();
    };
    let mut found: Vec<(String, u32)> = entries
        .take(MAX_PROCESSES)
        .filter_map(|e| {
            let e = e.ok()?;
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let comm = std::fs::read_to_string(e.path().join("comm")).ok()?;
            let comm = comm.trim();
            names.contains(&comm).then(|| (comm.to_owned(), pid))
        })
        .collect();
    found.sort_by_key(|(_, pid)| *pid);
    found
}

fn event_devices(dir: &Path) -> (usize, usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (0, 0);
    };
    let events: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("event"))
        })
        .collect();
    let readable = events.iter().filter(|p| access(p, libc::R_OK)).count();
    (events.len(), readable)
}

fn access(path: &Path, mode: libc::c_int) -> bool {
    let Ok(c) = CString::new(path.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    unsafe { libc::access(c.as_ptr(), mode) == 0 }
}

fn owner_group(path: &Path) -> Option<(String, u32)> {
    use std::os::unix::fs::MetadataExt;
    let gid = std::fs::metadata(path).ok()?.gid();
    let name = group_entries()
        .into_iter()
        .find(|(_, g)| *g == gid)
        .map_or_else(|| gid.to_string(), |(n, _)| n);
    Some((name, gid))
}

fn group_id(name: &str) -> Option<u32> {
    group_entries()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, g)| g)
}

/// Names and ids from /etc/group (enough for the local groups udev rules use).
fn group_entries() -> Vec<(String, u32)> {
    std::fs::read_to_string("/etc/group")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut fields = l.split(':');
            let name = fields.next()?;
            let gid = fields.nth(1)?.parse().ok()?;
            Some((name.to_owned(), gid))
        })
        .collect()
}

/// Whether this process has `gid` as its group or a supplementary group.
fn in_group(gid: u32) -> bool {
    // SAFETY: getgroups(2) with size 0 only counts; the second call fills a buffer of that size.
    let groups = unsafe {
        let n = libc::getgroups(0, std::ptr::null_mut()).max(0);
        let mut groups: Vec<libc::gid_t> = vec![0; n as usize];
        let filled = libc::getgroups(n, groups.as_mut_ptr()).max(0);
        groups.truncate(filled as usize);
        groups
    };
    // SAFETY: getegid(2) cannot fail.
    groups.contains(&gid) || unsafe { libc::getegid() } == gid
}

/// `systemctl [--user] is-active keyrx`, if systemctl exists and knows the unit.
fn unit_state(scope: &[&str]) -> Option<String> {
    let out = std::process::Command::new("systemctl")
        .args(scope)
        .args(["is-active", "keyrx.service"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let state = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    // An unknown unit reads "inactive" too; only a loaded unit is worth reporting.
    let loaded = std::process::Command::new("systemctl")
        .args(scope)
        .args(["show", "-p", "LoadState", "--value", "keyrx.service"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    (String::from_utf8_lossy(&loaded.stdout).trim() == "loaded").then_some(state)
}

pub fn run(_: DoctorArgs) -> anyhow::Result<ExitCode> {
    let findings = diagnose(&gather());
    let problems = findings.iter().filter(|f| !f.ok).count();
    for f in &findings {
        println!("{} {}", if f.ok { "ok     " } else { "PROBLEM" }, f.what);
        if let Some(fix) = &f.fix {
            println!("        fix: {fix}");
        }
    }
    println!("{problems} problem(s)");
    Ok(if problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn healthy() -> Facts {
        Facts {
            uinput_node: true,
            uinput_module: true,
            uinput_writable: true,
            uinput_group: Some(("uinput".into(), true)),
            event_devices: 3,
            event_readable: 3,
            input_group_member: true,
            ..Facts::default()
        }
    }

    fn problems(f: &Facts) -> Vec<(String, String)> {
        diagnose(f)
            .into_iter()
            .filter(|f| !f.ok)
            .map(|f| (f.what, f.fix.unwrap()))
            .collect()
    }

    #[test]
    fn a_healthy_machine_has_no_problems() {
        assert_eq!(problems(&healthy()), []);
        assert!(diagnose(&healthy()).iter().all(|f| f.fix.is_none()));
    }

    #[test]
    fn each_problem_comes_with_its_fix() {
        let cases: Vec<(Facts, &str, &str)> = vec![
            (
                Facts {
                    uinput_node: false,
                    uinput_module: false,
                    ..healthy()
                },
                "module is not loaded",
                "sudo modprobe uinput",
            ),
            (
                Facts {
                    uinput_writable: false,
                    uinput_group: Some(("uinput".into(), false)),
                    ..healthy()
                },
                "belongs to group uinput",
                "usermod -aG uinput",
            ),
            (
                Facts {
                    uinput_writable: false,
                    uinput_group: Some(("root".into(), false)),
                    ..healthy()
                },
                "root's only",
                "99-keyrx.rules",
            ),
            (
                Facts {
                    event_readable: 1,
                    input_group_member: false,
                    ..healthy()
                },
                "1 of 3 readable",
                "usermod -aG input",
            ),
            (
                Facts {
                    remappers: vec![("keyd".into(), 42)],
                    ..healthy()
                },
                "keyd (pid 42)",
                "systemctl disable --now keyd",
            ),
            (
                Facts {
                    configs: vec![
                        ("/ok.rhai".into(), None),
                        ("/c.rhai".into(), Some("unknown key".into())),
                    ],
                    ..healthy()
                },
                "/c.rhai has errors: unknown key",
                "keyrx check /c.rhai",
            ),
            (
                Facts {
                    system_service: Some("failed".into()),
                    ..healthy()
                },
                "system service failed",
                "journalctl -u keyrx",
            ),
            (
                Facts {
                    system_service: Some("active".into()),
                    user_service: Some("active".into()),
                    ..healthy()
                },
                "both the system and your user service",
                "disable --now keyrx",
            ),
            (
                Facts {
                    system_service: Some("active".into()),
                    service_token: Some(false),
                    ..healthy()
                },
                "cannot read the service's token",
                "usermod -aG keyrx",
            ),
        ];
        for (facts, what, fix) in cases {
            let found = problems(&facts);
            assert_eq!(found.len(), 1, "{what}: {found:?}");
            assert!(found[0].0.contains(what), "{found:?}");
            assert!(found[0].1.contains(fix), "{found:?}");
        }
    }

    #[test]
    fn other_remappers_are_found_by_process_name() {
        let tmp = crate::test_dir::TestDir::new();
        for (pid, comm) in [
            ("1", "systemd"),
            ("42", "keyd"),
            ("7", "kanata"),
            ("x", "keyd"),
        ] {
            std::fs::create_dir_all(tmp.path().join(pid)).unwrap();
            std::fs::write(tmp.path().join(pid).join("comm"), format!("{comm}\n")).unwrap();
        }
        assert_eq!(
            running(tmp.path(), &OTHER_REMAPPERS),
            [("kanata".to_owned(), 7), ("keyd".to_owned(), 42)]
        );
        assert_eq!(running(&tmp.path().join("missing"), &OTHER_REMAPPERS), []);
    }
}
