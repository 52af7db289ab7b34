//! What the server offers and what the client can do: the one place where the
//! `initialize` handshake is decided.

use super::state::{ClientFeatures, DiagnosticMode};
use crate::analysis::lines::Encoding;
use tower_lsp_server::ls_types::*;

/// The server's capabilities for a client with `features`: position encoding,
/// incremental sync, navigation, code actions and commands, and pull
/// diagnostics when the client pulls.
pub fn server(features: &ClientFeatures) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match features.encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![
                super::actions::REMOVE_ALL_BOILERPLATE.to_string(),
                super::actions::WRITE_OVERVIEW.to_string(),
            ],
            ..Default::default()
        }),
        diagnostic_provider: (features.mode == DiagnosticMode::Pull).then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("newsdesk".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                work_done_progress_options: Default::default(),
            })
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..Default::default()
    }
}

/// What the client can do, read from its `initialize` parameters (and the
/// `diagnosticMode` initialization option, which forces push or pull).
pub fn client(params: &InitializeParams) -> ClientFeatures {
    let caps = &params.capabilities;
    let utf8 = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
    let text_pull = caps
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    let ws = caps.workspace.as_ref();
    let workspace_pull = ws.is_some_and(|w| w.diagnostics.is_some());
    let forced = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("diagnosticMode"))
        .and_then(|v| v.as_str());
    let mode = match forced {
        Some("push") => DiagnosticMode::Push,
        Some("pull") if text_pull => DiagnosticMode::Pull,
        _ if text_pull && workspace_pull => DiagnosticMode::Pull,
        _ => DiagnosticMode::Push,
    };
    ClientFeatures {
        encoding: if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        },
        mode,
        work_done_progress: flag(caps.window.as_ref(), |w| w.work_done_progress),
        watched_files_dynamic: flag(ws, |w| {
            w.did_change_watched_files.as_ref()?.dynamic_registration
        }),
        diagnostic_refresh: flag(ws, |w| w.diagnostics.as_ref()?.refresh_support),
        code_lens_refresh: flag(ws, |w| w.code_lens.as_ref()?.refresh_support),
        configuration: flag(ws, |w| w.configuration),
    }
}

/// A capability the client declares in `part` (as `get` finds it there):
/// false when the part, the capability or its value is left out.
fn flag<T>(part: Option<&T>, get: impl FnOnce(&T) -> Option<bool>) -> bool {
    part.and_then(get).unwrap_or(false)
}
