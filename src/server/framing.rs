//! Frames on the way out (what comes in is checked in [`super::incoming`]).
//!
//! tower-lsp's frames and the server's own pre-written ones
//! ([`Outbox`]: push-mode start-up serialises each report's diagnostics on the
//! worker threads, where tower-lsp would build a `serde_json::Value` of each
//! on the async thread and then write it) meet in one queue, whole frames only,
//! so that the two never interleave inside a message.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// The notification a malformed frame becomes.
pub const MALFORMED_METHOD: &str = "newsdesk/malformedMessage";

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
