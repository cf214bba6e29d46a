//! REST handlers for profiles: list, get, create, update (ETag/If-Match), rename, duplicate,
//! delete and activate. Activating compiles first; a profile with errors never replaces the
//! running config.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::jobs::blocking;
use super::profiles::{Profile, ProfileError};
use super::rest::{ApiError, if_match};
use super::wire::{ActivateResponse, ExamplesResponse, ProfileView, ProfilesResponse};

impl From<ProfileError> for ApiError {
    fn from(err: ProfileError) -> ApiError {
        let status =
            StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let code = match status.as_u16() {
            400 => "invalid_name",
            403 => "read_only",
            404 => "not_found",
            409 => "conflict",
            412 => "precondition_failed",
            413 => "too_large",
            _ => "internal",
        };
        let message = if status.is_server_error() {
            "the profile store failed".to_string()
        } else {
            err.to_string()
        };
        ApiError::new(status, code, message)
    }
}

/// A profile with its ETag header.
fn profile_response(status: StatusCode, profile: &Profile) -> Response {
    let view = ProfileView {
        name: profile.name.clone(),
        source: profile.source.clone(),
        etag: profile.etag.clone(),
        size: profile.size,
        modified_ms: profile.modified_ms(),
    };
    let mut response = (status, Json(view)).into_response();
    if let Ok(etag) = HeaderValue::from_str(&profile.etag) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

/// How long an activation waits for the key thread to report the new config running.
const ACTIVATION_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The profile the key thread runs now, from the source it last applied (not from the marker,
/// which only says what was activated last).
pub fn running_profile(app: &AppState) -> Option<String> {
    let source = app.hub.state.lock().ok()?.config_source.clone();
    app.profiles.name_of_source(&source)
}

pub async fn list(State(app): State<AppState>) -> Result<Json<ProfilesResponse>, ApiError> {
    let store = app.profiles.clone();
    let running = running_profile(&app);
    let mut profiles = blocking(move || store.list()).await??;
    for p in &mut profiles {
        p.active = running.as_deref() == Some(p.name.as_str());
    }
    Ok(Json(ProfilesResponse {
        profiles,
        active: running_profile(&app),
    }))
}

pub async fn get(
    State(app): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let store = app.profiles.clone();
    let profile = blocking(move || store.get(&name)).await??;
    Ok(profile_response(StatusCode::OK, &profile))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateRequest {
    pub name: String,
    /// The script; or `example` names a built-in example to start from.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub example: Option<String>,
}

pub async fn create(
    State(app): State<AppState>,
    Json(req): Json<CreateRequest>,
) -> Result<Response, ApiError> {
    let source = match (req.source, req.example) {
        (Some(source), None) => source,
        (None, Some(example)) => super::examples::find(&example)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    "not_found",
                    format!("no example `{example}`"),
                )
            })?
            .to_string(),
        _ => return Err(ApiError::bad_request("give either `source` or `example`")),
    };
    let store = app.profiles.clone();
    let profile = blocking(move || store.create(&req.name, &source)).await??;
    Ok(profile_response(StatusCode::CREATED, &profile))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateRequest {
    pub source: String,
}

/// Saves a profile. With `If-Match`, only over the version the client read: no lost update.
pub async fn update(
    State(app): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Json(req): Json<UpdateRequest>,
) -> Result<Response, ApiError> {
    let store = app.profiles.clone();
    let expected = if_match(&headers);
    let profile = blocking(move || store.update(&name, &req.source, expected.as_deref())).await??;
    Ok(profile_response(StatusCode::OK, &profile))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetRequest {
    pub to: String,
}

pub async fn rename(
    State(app): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Json(req): Json<TargetRequest>,
) -> Result<Response, ApiError> {
    let store = app.profiles.clone();
    let expected = if_match(&headers);
    let profile = blocking(move || store.rename(&name, &req.to, expected.as_deref())).await??;
    Ok(profile_response(StatusCode::OK, &profile))
}

pub async fn duplicate(
    State(app): State<AppState>,
    Path(name): Path<String>,
    Json(req): Json<TargetRequest>,
) -> Result<Response, ApiError> {
    let store = app.profiles.clone();
    let profile = blocking(move || store.duplicate(&name, &req.to)).await??;
    Ok(profile_response(StatusCode::CREATED, &profile))
}

pub async fn delete(
    State(app): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let store = app.profiles.clone();
    let expected = if_match(&headers);
    blocking(move || store.delete(&name, expected.as_deref())).await??;
    Ok(StatusCode::NO_CONTENT)
}

/// Compiles a profile and, only if it compiles, makes it the running config.
pub async fn activate(
    State(app): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<ActivateResponse>, ApiError> {
    let store = app.profiles.clone();
    let lookup = name.clone();
    let profile = blocking(move || store.get(&lookup)).await??;
    let path = app.profiles.path(&name)?;
    // Imports are found beside the profile's own file (the config file's directory for it).
    let dir = path.parent().unwrap_or(app.profiles.dir()).to_path_buf();
    let file = format!("{name}.rhai");
    let source = profile.source.clone();
    let compiled = blocking(move || keyrx_config::compile_str(&file, &source, Some(&dir))).await?;
    let compiled = compiled.map_err(|d| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "config_invalid",
            "the profile has errors; the running config stays",
        )
        .with_details(serde_json::to_value(&d.items).unwrap_or_default())
    })?;
    if !app
        .control
        .reload(Arc::new(compiled.config), path.display().to_string())
    {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "stopped",
            "the key thread is gone",
        ));
    }
    let store = app.profiles.clone();
    let active = name.clone();
    blocking(move || store.set_active(&active)).await??;
    // Answer once the key thread runs it, so a status read right after names it.
    let deadline = tokio::time::Instant::now() + ACTIVATION_WAIT;
    while running_profile(&app).as_deref() != Some(name.as_str())
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    Ok(Json(ActivateResponse {
        active: name,
        warnings: compiled.warnings,
    }))
}

pub async fn examples() -> Json<ExamplesResponse> {
    Json(ExamplesResponse {
        examples: super::examples::EXAMPLES.iter().map(|(n, _)| *n).collect(),
    })
}
