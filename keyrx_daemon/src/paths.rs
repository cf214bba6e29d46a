//! Where keyrx keeps its files — the config, the API token, the profiles — found the same way by
//! every command: from the directories systemd gives a service, else by the XDG base directory
//! rules.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The system service's state directory (`StateDirectory=keyrx`), where `keyrx status` finds
/// the token of a daemon that runs as a service.
pub const SYSTEM_STATE_DIR: &str = "/var/lib/keyrx";
/// The system service's config directory (`ConfigurationDirectory=keyrx`).
pub const SYSTEM_CONFIG_DIR: &str = "/etc/keyrx";
/// The config file names looked up in the config directory, in this order.
pub const CONFIG_FILES: [&str; 3] = ["config.rhai", "config.krx", "config.json"];
/// The API token's file name in the state directory.
pub const TOKEN_FILE: &str = "token";

/// keyrx's directories for this process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// `$CONFIGURATION_DIRECTORY`, else `$XDG_CONFIG_HOME/keyrx`, else `~/.config/keyrx`.
    pub config: Option<PathBuf>,
    /// `$STATE_DIRECTORY`, else `$XDG_STATE_HOME/keyrx`, else `~/.local/state/keyrx`.
    pub state: Option<PathBuf>,
    /// Whether systemd gave the state directory: a service shares its token with a group and
    /// keeps profiles in its state directory, as its config directory is read-only.
    pub service: bool,
}

impl Dirs {
    /// The directories from this process's environment.
    pub fn from_env() -> Dirs {
        Dirs::from_vars(|name| std::env::var_os(name))
    }

    /// The directories from the variables `var` returns.
    pub fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Dirs {
        let home = var("HOME").map(PathBuf::from).filter(|h| h.is_absolute());
        let xdg = |name: &str, fallback: &str| {
            absolute(var(name))
                .or_else(|| home.as_ref().map(|h| h.join(fallback)))
                .map(|base| base.join("keyrx"))
        };
        let systemd_state = systemd_dir(var("STATE_DIRECTORY"));
        Dirs {
            config: systemd_dir(var("CONFIGURATION_DIRECTORY"))
                .or_else(|| xdg("XDG_CONFIG_HOME", ".config")),
            service: systemd_state.is_some(),
            state: systemd_state.or_else(|| xdg("XDG_STATE_HOME", ".local/state")),
        }
    }

    /// The API token file.
    pub fn token(&self) -> Option<PathBuf> {
        self.state.as_ref().map(|s| s.join(TOKEN_FILE))
    }

    /// The profile store's directory.
    pub fn profiles(&self) -> Option<PathBuf> {
        let base = if self.service {
            &self.state
        } else {
            &self.config
        };
        base.as_ref().map(|d| d.join("profiles"))
    }

    /// The config file `keyrx run` uses when none is given: the first of [`CONFIG_FILES`] that
    /// exists in the config directory.
    pub fn config_file(&self) -> Option<PathBuf> {
        let dir = self.config.as_deref()?;
        CONFIG_FILES
            .iter()
            .map(|f| dir.join(f))
            .find(|p| p.exists())
    }

    /// Where a client looks for a running daemon's token: this user's, then the system
    /// service's.
    pub fn token_candidates(&self) -> Vec<PathBuf> {
        let system = Path::new(SYSTEM_STATE_DIR).join(TOKEN_FILE);
        let mut candidates: Vec<PathBuf> = self.token().into_iter().collect();
        if !candidates.contains(&system) {
            candidates.push(system);
        }
        candidates
    }
}

/// An XDG variable's value if it is absolute: the spec says relative values are invalid and
/// must be ignored (an empty one included).
fn absolute(value: Option<OsString>) -> Option<PathBuf> {
    value.map(PathBuf::from).filter(|p| p.is_absolute())
}

/// The first directory of a systemd `*_DIRECTORY` variable: several are joined with colons.
fn systemd_dir(value: Option<OsString>) -> Option<PathBuf> {
    let value = value?;
    let first = value.to_str()?.split(':').next()?;
    absolute(Some(first.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs(vars: &[(&str, &str)]) -> Dirs {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Dirs::from_vars(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.into()))
    }

    fn p(path: &str) -> Option<PathBuf> {
        Some(PathBuf::from(path))
    }

    #[test]
    fn xdg_values_win_over_home() {
        let d = dirs(&[
            ("HOME", "/home/u"),
            ("XDG_CONFIG_HOME", "/cfg"),
            ("XDG_STATE_HOME", "/st"),
        ]);
        assert_eq!(d.config, p("/cfg/keyrx"));
        assert_eq!(d.state, p("/st/keyrx"));
        assert_eq!(d.token(), p("/st/keyrx/token"));
        assert_eq!(d.profiles(), p("/cfg/keyrx/profiles"));
        assert!(!d.service);
    }

    #[test]
    fn relative_or_empty_xdg_values_are_ignored() {
        for bad in ["relative", "", "./here"] {
            let d = dirs(&[
                ("HOME", "/home/u"),
                ("XDG_CONFIG_HOME", bad),
                ("XDG_STATE_HOME", bad),
            ]);
            assert_eq!(d.config, p("/home/u/.config/keyrx"), "{bad:?}");
            assert_eq!(d.state, p("/home/u/.local/state/keyrx"), "{bad:?}");
            assert_eq!(d.profiles(), p("/home/u/.config/keyrx/profiles"));
        }
    }

    #[test]
    fn without_home_or_xdg_there_are_no_directories() {
        for vars in [&[][..], &[("HOME", "")], &[("HOME", "relative")]] {
            let d = dirs(vars);
            assert_eq!(
                (d.config.clone(), d.state.clone()),
                (None, None),
                "{vars:?}"
            );
            assert_eq!(
                (d.token(), d.profiles(), d.config_file()),
                (None, None, None)
            );
            assert_eq!(
                d.token_candidates(),
                [PathBuf::from("/var/lib/keyrx/token")]
            );
        }
    }

    #[test]
    fn a_system_service_uses_the_directories_systemd_gives_it() {
        // What systemd sets for StateDirectory=keyrx and ConfigurationDirectory=keyrx; a root
        // service has no $HOME.
        let d = dirs(&[
            ("STATE_DIRECTORY", "/var/lib/keyrx"),
            ("CONFIGURATION_DIRECTORY", "/etc/keyrx"),
        ]);
        assert_eq!(d.config, p("/etc/keyrx"));
        assert_eq!(d.state, p("/var/lib/keyrx"));
        assert!(d.service);
        assert_eq!(d.profiles(), p("/var/lib/keyrx/profiles"));
        assert_eq!(
            d.token_candidates(),
            [PathBuf::from("/var/lib/keyrx/token")]
        );
        let several = dirs(&[("STATE_DIRECTORY", "/var/lib/keyrx:/var/lib/other")]);
        assert_eq!(several.state, p("/var/lib/keyrx"));
        let relative = dirs(&[("STATE_DIRECTORY", "keyrx"), ("HOME", "/h")]);
        assert_eq!(relative.state, p("/h/.local/state/keyrx"));
        assert!(!relative.service);
    }

    #[test]
    fn clients_try_the_users_token_then_the_services() {
        let d = dirs(&[("HOME", "/home/u")]);
        assert_eq!(
            d.token_candidates(),
            [
                PathBuf::from("/home/u/.local/state/keyrx/token"),
                PathBuf::from("/var/lib/keyrx/token"),
            ]
        );
    }

    #[test]
    fn the_config_file_is_the_first_that_exists() {
        let tmp = crate::test_dir::TestDir::new();
        let dir = tmp.path().to_str().unwrap().to_owned();
        let d = dirs(&[("XDG_CONFIG_HOME", &dir)]);
        assert_eq!(d.config_file(), None);
        std::fs::create_dir_all(tmp.path().join("keyrx")).unwrap();
        std::fs::write(tmp.path().join("keyrx/config.json"), "{}").unwrap();
        assert_eq!(d.config_file(), Some(tmp.path().join("keyrx/config.json")));
        std::fs::write(tmp.path().join("keyrx/config.rhai"), "").unwrap();
        assert_eq!(d.config_file(), Some(tmp.path().join("keyrx/config.rhai")));
    }
}
