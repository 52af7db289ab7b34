//! A guard in front of the protocol reader. tower-lsp's reader stops for good at the
//! first message it cannot decode, which would end the server on one malformed
//! message. This filter reads the `Content-Length` frames itself and replaces a frame
//! whose body is not JSON with a `newsdesk/malformedMessage` notification, which the
//! server logs; every well-formed frame passes through untouched. It also tells
//! when the client has sent `exit` (see [`crate::server::run_stdio`]).
//!
//! On the way out, tower-lsp's frames and the server's own pre-written ones
//! ([`Outbox`]: push-mode start-up serialises each report's diagnostics on the
//! worker threads, where tower-lsp would build a `serde_json::Value` of each
//! on the async thread and then write it) meet in one queue, whole frames only,
//! so that the two never interleave inside a message.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// The notification a malformed frame becomes.
pub const MALFORMED_METHOD: &str = "newsdesk/malformedMessage";

/// Largest body accepted; anything larger is dropped as malformed.
const MAX_BODY: usize = 256 * 1024 * 1024;

/// Copy frames from `input` to `output`, replacing malformed ones; `exit` is
/// notified when the `exit` notification passes.
pub async fn filter<R, W>(input: R, mut output: W, exit: &tokio::sync::Notify)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = BufReader::new(input);
    loop {
        // headers
        let mut len: Option<usize> = None;
        let mut saw_header = false;
        let mut bad_header = None;
        loop {
            let mut line = String::new();
            match input.read_line(&mut line).await {
                Ok(0) | Err(_) => return, // end of input: the server stops reading too
                Ok(_) => {}
            }
            let l = line.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                if saw_header {
                    break;
                }
                continue; // stray blank line between frames
            }
            saw_header = true;
            if let Some((name, value)) = l.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    match value.trim().parse::<usize>() {
                        Ok(n) if n <= MAX_BODY => len = Some(n),
                        _ => bad_header = Some(format!("bad Content-Length header: {l}")),
                    }
                }
            } else {
                bad_header = Some(format!(
                    "not a header line: {}",
                    l.chars().take(80).collect::<String>()
                ));
            }
        }
        let Some(n) = len.filter(|_| bad_header.is_none()) else {
            let why = bad_header.unwrap_or_else(|| "message without Content-Length".into());
            if write_frame(&mut output, &malformed(&why)).await.is_err() {
                return;
            }
            continue;
        };
        let mut body = vec![0u8; n];
        if input.read_exact(&mut body).await.is_err() {
            return;
        }
        let parsed = serde_json::from_slice::<serde_json::Value>(&body).ok();
        let ok = parsed
            .as_ref()
            .is_some_and(|v| v.is_object() || v.is_array());
        if parsed.is_some_and(|v| v.get("method").and_then(|m| m.as_str()) == Some("exit")) {
            exit.notify_one();
        }
        let frame = if ok {
            body
        } else {
            let preview = String::from_utf8_lossy(&body[..body.len().min(80)]).into_owned();
            malformed(&format!("body is not JSON: {preview}"))
        };
        if write_frame(&mut output, &frame).await.is_err() {
            return;
        }
    }
}

/// Frames for the client, whole (header and body), in the order they are to
/// be written (see [`write_frames`]).
pub type Outbox = tokio::sync::mpsc::Sender<Vec<u8>>;

/// How many whole frames may wait to be written before senders wait.
pub const OUTBOX_FRAMES: usize = 64;

/// A frame (Content-Length header and body) for a JSON-RPC message `body`.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Copy the frames that tower-lsp writes to `protocol` into `outbox`, whole;
/// at the end of `protocol` an empty frame is sent (the writer's signal to
/// stop).
pub async fn forward_frames<R: AsyncRead + Unpin>(protocol: R, outbox: Outbox) {
    let mut input = BufReader::new(protocol);
    loop {
        let mut head = Vec::new();
        let mut len: Option<usize> = None;
        let ended = loop {
            let mut line = String::new();
            match input.read_line(&mut line).await {
                Ok(0) | Err(_) => break true,
                Ok(_) => {}
            }
            head.extend_from_slice(line.as_bytes());
            let l = line.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                if len.is_some() {
                    break false;
                }
                continue;
            }
            if let Some((name, value)) = l.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    len = value.trim().parse().ok();
                }
            }
        };
        if ended {
            break;
        }
        let n = len.unwrap_or(0);
        let mut whole = head;
        let at = whole.len();
        whole.resize(at + n, 0);
        if input.read_exact(&mut whole[at..]).await.is_err() || outbox.send(whole).await.is_err() {
            break;
        }
    }
    let _ = outbox.send(Vec::new()).await;
}

/// Write the frames of `frames` to `out` until an empty one (or until every
/// sender is gone), flushing whenever no frame waits.
pub async fn write_frames<W: AsyncWrite + Unpin>(
    mut frames: tokio::sync::mpsc::Receiver<Vec<u8>>,
    mut out: W,
) {
    while let Some(f) = frames.recv().await {
        if f.is_empty() {
            break;
        }
        if out.write_all(&f).await.is_err() {
            return;
        }
        if frames.is_empty() && out.flush().await.is_err() {
            return;
        }
    }
    let _ = out.flush().await;
}

fn malformed(why: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "jsonrpc": "2.0",
        "method": MALFORMED_METHOD,
        "params": { "reason": why },
    }))
    .unwrap_or_default()
}

async fn write_frame<W: AsyncWrite + Unpin>(out: &mut W, body: &[u8]) -> std::io::Result<()> {
    out.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    out.write_all(body).await?;
    out.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn replaces_bad_frames_and_keeps_good_ones() {
        let input = b"Content-Length: 2\r\n\r\n{}Content-Length: 9\r\n\r\n{not jsonX-Foo: 1\r\n\r\nContent-Length: 2\r\n\r\n[]".to_vec();
        let mut out = Vec::new();
        let exit = tokio::sync::Notify::new();
        filter(&input[..], &mut out, &exit).await;
        let s = String::from_utf8(out).unwrap();
        let frames: Vec<&str> = s.split("Content-Length: ").skip(1).collect();
        assert_eq!(frames.len(), 4, "{s}");
        assert!(frames[0].ends_with("{}"));
        assert!(frames[1].contains(MALFORMED_METHOD) && frames[1].contains("not JSON"));
        assert!(frames[2].contains("without Content-Length"));
        assert!(frames[3].ends_with("[]"));
    }

    #[tokio::test]
    async fn outgoing_frames_stay_whole_and_in_order() {
        let (tx, rx) = tokio::sync::mpsc::channel(OUTBOX_FRAMES);
        let (mut w, r) = tokio::io::duplex(16); // smaller than a frame
        let forward = tokio::spawn(forward_frames(r, tx.clone()));
        let mut out = Vec::new();
        let writer = async {
            write_frames(rx, &mut out).await;
            out
        };
        let feed = async {
            let a = frame(br#"{"id":1,"result":"first"}"#);
            w.write_all(&a[..10]).await.unwrap();
            // a frame of our own arrives while tower-lsp's is half written
            tx.send(frame(br#"{"method":"own"}"#)).await.unwrap();
            w.write_all(&a[10..]).await.unwrap();
            w.write_all(&frame(b"{}")).await.unwrap();
            drop(w);
        };
        let (out, ()) = tokio::join!(writer, feed);
        forward.await.unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            "Content-Length: 16\r\n\r\n{\"method\":\"own\"}Content-Length: 25\r\n\r\n{\"id\":1,\"result\":\"first\"}Content-Length: 2\r\n\r\n{}"
        );
    }

    #[tokio::test]
    async fn tells_when_exit_passes() {
        let exit = tokio::sync::Notify::new();
        let body = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let input = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        let mut out = Vec::new();
        filter(input.as_bytes(), &mut out, &exit).await;
        assert!(String::from_utf8(out).unwrap().ends_with(body));
        // the permit is stored: this returns at once
        tokio::time::timeout(std::time::Duration::from_secs(5), exit.notified())
            .await
            .expect("exit was notified");
    }
}
