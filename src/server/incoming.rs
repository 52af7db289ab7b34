//! What the client sends, checked before tower-lsp reads it. tower-lsp's
//! reader stops for good at the first message it cannot decode, and a frame
//! whose header lies would leave every later message misread. So the bytes
//! from the client are cut into frames here ([`Deframer`]), each body is
//! checked to be a JSON-RPC 2.0 message that tower-lsp can take
//! ([`check_message`]), and only those pass:
//!
//! - a frame whose header is broken (no or a bad `Content-Length`, a line that
//!   is not a header) or whose body is shorter than its `Content-Length` says
//!   is skipped up to the next `Content-Length` header, which is read as the
//!   next frame;
//! - a message that is JSON but not JSON-RPC is answered with an Invalid
//!   Request error when it has an id to answer (a number or a string), and
//!   otherwise logged and dropped;
//! - a request whose body is not UTF-8 is answered with a Parse error, and a
//!   request for a `$/` method the server does not know with Method Not Found
//!   (tower-lsp would leave both unanswered).
//!
//! What is skipped or dropped becomes a `newsdesk/malformedMessage`
//! notification, which the server logs. The filter also tells when the client
//! has sent `exit` (see [`crate::server::run_stdio`]).

use super::framing::{frame, Outbox, MALFORMED_METHOD};
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Largest body accepted; a larger `Content-Length` is a broken header.
const MAX_BODY: usize = 256 * 1024 * 1024;

/// Longest header block waited for before it is taken as garbage.
const MAX_HEADER: usize = 8 * 1024;

const HEADER_NAME: &[u8] = b"content-length:";

/// What the byte stream holds next.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece {
    /// A frame's body.
    Body(Vec<u8>),
    /// Bytes were skipped to find the next frame, for this reason.
    Skipped(String),
}

/// Cuts the client's byte stream into frames, and finds the next frame again
/// after a broken one. Every byte is looked at a bounded number of times, so
/// the work is linear in the input.
#[derive(Default)]
pub struct Deframer {
    buf: Vec<u8>,
    /// Bytes of `buf` already consumed.
    at: usize,
    /// Looking for the next header after garbage (reported once).
    skipping: bool,
    /// In a body still arriving: how far it has been searched for a header
    /// (see [`Deframer::body`]).
    scanned: usize,
}

impl Deframer {
    /// Add bytes read from the client.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.at > 0 && self.at * 2 >= self.buf.len() {
            self.buf.drain(..self.at);
            self.scanned = self.scanned.saturating_sub(self.at);
            self.at = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next body or skip, or `None` when more bytes are needed.
    pub fn next_piece(&mut self) -> Option<Piece> {
        if self.skipping {
            self.find_header(self.at)?;
        }
        while self.buf.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
        let rest = &self.buf[self.at..];
        if rest.is_empty() {
            return None;
        }
        let Some((head, sep)) = header_end(rest) else {
            if rest.len() > MAX_HEADER {
                return Some(self.resync("a header block that does not end".into()));
            }
            return None;
        };
        match content_length(&rest[..head]) {
            Ok(n) => self.body(self.at + head + sep, n),
            Err(why) => Some(self.resync(why)),
        }
    }

    /// The body of `n` bytes that starts at `start`, once it is all there;
    /// skipped when a frame header turns up inside it (the `Content-Length`
    /// was too large, and the next frame has begun).
    fn body(&mut self, start: usize, n: usize) -> Option<Piece> {
        let end = start + n;
        let avail = self.buf.len().min(end);
        let from = self.scanned.clamp(start, avail);
        match header_inside(&self.buf[..avail], from) {
            Scan::Found(p) => {
                self.at = p;
                self.scanned = 0;
                return Some(Piece::Skipped(
                    "a frame shorter than its Content-Length".into(),
                ));
            }
            Scan::Clear(upto) => self.scanned = upto,
        }
        if self.buf.len() < end {
            return None;
        }
        self.at = end;
        self.scanned = 0;
        Some(Piece::Body(self.buf[start..end].to_vec()))
    }

    /// Skip what cannot be a frame: up to the next `Content-Length` header
    /// after the current position.
    fn resync(&mut self, why: String) -> Piece {
        self.skipping = true;
        let _ = self.find_header(self.at + 1);
        Piece::Skipped(why)
    }

    /// Move to the next `Content-Length` header at or after `from`; without
    /// one, drop what was read (but a possible start of one) and stay skipping.
    fn find_header(&mut self, from: usize) -> Option<()> {
        let from = from.min(self.buf.len());
        match find_ci(&self.buf[from..], HEADER_NAME) {
            Some(p) => {
                self.at = from + p;
                self.skipping = false;
                Some(())
            }
            None => {
                self.at = self
                    .buf
                    .len()
                    .saturating_sub(HEADER_NAME.len() - 1)
                    .max(from);
                None
            }
        }
    }
}

/// The length of the header block at the start of `rest` and of the blank
/// line that ends it.
fn header_end(rest: &[u8]) -> Option<(usize, usize)> {
    let limit = rest.len().min(MAX_HEADER + 4);
    let mut i = 0;
    while i < limit {
        if rest[i] == b'\n' {
            if rest[i + 1..].starts_with(b"\r\n") {
                return Some((i + 1, 2));
            }
            if rest[i + 1..].starts_with(b"\n") {
                return Some((i + 1, 1));
            }
        }
        i += 1;
    }
    None
}

/// The `Content-Length` of a header block, or why the block is broken.
fn content_length(head: &[u8]) -> Result<usize, String> {
    let text = std::str::from_utf8(head).map_err(|_| "a header that is not text".to_string())?;
    let mut len = None;
    for line in text.lines().map(|l| l.trim_end_matches('\r')) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("not a header line: {}", preview(line.as_bytes())));
        };
        let token = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if name.is_empty() || !name.chars().all(token) {
            return Err(format!("not a header line: {}", preview(line.as_bytes())));
        }
        if name.eq_ignore_ascii_case("content-length") {
            match value.trim().parse::<usize>() {
                Ok(n) if n <= MAX_BODY => len = Some(n),
                _ => {
                    return Err(format!(
                        "bad Content-Length header: {}",
                        preview(line.as_bytes())
                    ))
                }
            }
        }
    }
    len.ok_or_else(|| "a message without Content-Length".to_string())
}

enum Scan {
    /// A frame header starts here.
    Found(usize),
    /// None before this offset (a later search starts here).
    Clear(usize),
}

/// A frame header (`Content-Length:`, digits, a line break) in `buf` at or
/// after `from`. A JSON body cannot hold one: outside a string the words are
/// not JSON, and inside a string a raw line break is not allowed.
fn header_inside(buf: &[u8], from: usize) -> Scan {
    let mut i = from;
    while let Some(p) = find_ci(&buf[i..], HEADER_NAME) {
        let at = i + p;
        let mut j = at + HEADER_NAME.len();
        while buf.get(j).is_some_and(|&b| b == b' ' || b == b'\t') {
            j += 1;
        }
        let digits = j;
        while buf.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        while buf.get(j).is_some_and(|&b| b == b' ' || b == b'\t') {
            j += 1;
        }
        match buf.get(j) {
            Some(b'\r' | b'\n') if j > digits => return Scan::Found(at),
            // the bytes end before it can be told: look again from here
            None => return Scan::Clear(at),
            _ => i = at + 1,
        }
    }
    Scan::Clear(buf.len().saturating_sub(HEADER_NAME.len() - 1).max(from))
}

/// Where `needle` (lower case) first occurs in `hay`, ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn preview(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(80)]).into_owned()
}

/// What to do with one frame's body.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// A JSON-RPC message: on to tower-lsp.
    Pass,
    /// Not one, but it has ids: answer these error responses, and log why.
    Answer(Vec<Value>, String),
    /// Not one, and nothing to answer: log why and drop it.
    Drop(String),
}

/// Whether `body` is a JSON-RPC 2.0 message that tower-lsp can take: a
/// request (`method` a string, `id` a whole number that fits 64 bits or a
/// string), a notification, or a response (`id` and `result` or `error`), with
/// `params` an object or an array. Batches are not part of the protocol.
pub fn check_message(body: &[u8]) -> Verdict {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return not_json(body);
    };
    match v {
        Value::Object(ref m) => {
            let id = m.get("id").filter(|id| usable_id(id)).cloned();
            match problem(m) {
                None => match (id, unknown_dollar(m)) {
                    // tower-lsp ignores `$/` methods it does not know, but a
                    // request must be answered
                    (Some(id), Some(method)) => {
                        let why = format!("an unknown request {method}");
                        Verdict::Answer(
                            vec![error(id, -32601, &format!("Method not found: {method}"))],
                            why,
                        )
                    }
                    _ => Verdict::Pass,
                },
                Some(why) => match id {
                    Some(id) if m.contains_key("method") => {
                        Verdict::Answer(vec![invalid_request(id, &why)], why)
                    }
                    _ => Verdict::Drop(why),
                },
            }
        }
        Value::Array(items) => {
            // answer each request in the batch; the rest is dropped
            let answers: Vec<Value> = items
                .iter()
                .filter(|i| i.get("method").is_some())
                .filter_map(|i| i.get("id").filter(|id| usable_id(id)).cloned())
                .map(|id| invalid_request(id, "a batch (batches are not part of LSP)"))
                .collect();
            // each answered on its own: LSP clients do not expect a batch back
            let why = format!("a batch of {} messages", items.len());
            if answers.is_empty() {
                Verdict::Drop(why)
            } else {
                Verdict::Answer(answers, why)
            }
        }
        _ => Verdict::Drop(format!("not a JSON-RPC message: {}", preview(body))),
    }
}

/// A body that is not JSON. When it is not UTF-8 but reads as a request once
/// its bad bytes are replaced, the request is answered with a Parse error (the
/// client would wait for ever); otherwise it is dropped.
fn not_json(body: &[u8]) -> Verdict {
    if std::str::from_utf8(body).is_ok() {
        return Verdict::Drop(format!("body is not JSON: {}", preview(body)));
    }
    let why = format!("body is not valid UTF-8: {}", preview(body));
    let lossy = String::from_utf8_lossy(body);
    let id = serde_json::from_str::<Value>(&lossy).ok().and_then(|v| {
        v.get("method")?;
        v.get("id").filter(|id| usable_id(id)).cloned()
    });
    match id {
        Some(id) => Verdict::Answer(
            vec![error(
                id,
                -32700,
                "Parse error: the message is not valid UTF-8 (LSP messages are UTF-8)",
            )],
            why,
        ),
        None => Verdict::Drop(why),
    }
}

/// The method of a message for a `$/` method that the server does not handle
/// (it handles the `$/cancelRequest`, `$/progress`, `$/setTrace` and
/// `$/logTrace` notifications).
fn unknown_dollar(m: &serde_json::Map<String, Value>) -> Option<&str> {
    const KNOWN: [&str; 4] = ["$/cancelRequest", "$/progress", "$/setTrace", "$/logTrace"];
    m.get("method")
        .and_then(Value::as_str)
        .filter(|name| name.starts_with("$/") && !KNOWN.contains(name))
}

/// An id the server can answer: a whole number that fits 64 bits, or a string.
fn usable_id(id: &Value) -> bool {
    id.is_i64() || id.is_string()
}

/// What makes a JSON object no JSON-RPC 2.0 message, if anything.
fn problem(m: &serde_json::Map<String, Value>) -> Option<String> {
    if m.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Some("not JSON-RPC 2.0 (\"jsonrpc\": \"2.0\" is missing)".into());
    }
    if let Some(id) = m.get("id") {
        if !usable_id(id) && !id.is_null() {
            return Some(format!(
                "an id that is neither a whole number nor a string: {id}"
            ));
        }
    }
    match m.get("method") {
        Some(Value::String(_)) => {}
        Some(other) => return Some(format!("a method that is not a string: {other}")),
        None => {
            // a response to one of the server's requests
            let answered = m.contains_key("result") || m.contains_key("error");
            if !m.contains_key("id") || !answered {
                return Some("neither a request, a notification nor a response".into());
            }
            return None;
        }
    }
    match m.get("params") {
        None | Some(Value::Object(_) | Value::Array(_) | Value::Null) => None,
        Some(other) => Some(format!(
            "params that are neither an object nor an array: {other}"
        )),
    }
}

fn invalid_request(id: Value, why: &str) -> Value {
    error(id, -32600, &format!("Invalid Request: {why}"))
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code, "message": message},
    })
}

/// Copy the client's frames from `input` to `output` (tower-lsp's reader):
/// JSON-RPC messages pass, broken frames and other messages become
/// `newsdesk/malformedMessage` notifications, and requests among those are
/// answered on `replies`. `exit` is notified when the `exit` notification
/// passes.
pub async fn filter<R, W>(mut input: R, mut output: W, replies: Outbox, exit: &tokio::sync::Notify)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut frames = Deframer::default();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        while let Some(piece) = frames.next_piece() {
            let body = match piece {
                Piece::Skipped(why) => malformed(&why),
                Piece::Body(body) => match check_message(&body) {
                    Verdict::Pass => {
                        if is_exit(&body) {
                            exit.notify_one();
                        }
                        body
                    }
                    Verdict::Answer(answers, why) => {
                        for answer in answers {
                            let answer = serde_json::to_vec(&answer).unwrap_or_default();
                            if replies.send(frame(&answer)).await.is_err() {
                                return;
                            }
                        }
                        malformed(&why)
                    }
                    Verdict::Drop(why) => malformed(&why),
                },
            };
            if write_frame(&mut output, &body).await.is_err() {
                return;
            }
        }
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => return, // end of input: the server stops reading too
            Ok(n) => frames.push(&chunk[..n]),
        }
    }
}

fn is_exit(body: &[u8]) -> bool {
    serde_json::from_slice::<Value>(body)
        .is_ok_and(|v| v.get("method").and_then(Value::as_str) == Some("exit"))
}

fn malformed(why: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "jsonrpc": "2.0",
        "method": MALFORMED_METHOD,
        "params": { "reason": why },
    }))
    .unwrap_or_default()
}

async fn write_frame<W: AsyncWrite + Unpin>(out: &mut W, body: &[u8]) -> std::io::Result<()> {
    out.write_all(&frame(body)).await?;
    out.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every piece of `input` fed in chunks of `step` bytes.
    fn pieces(input: &[u8], step: usize) -> Vec<Piece> {
        let mut d = Deframer::default();
        let mut out = Vec::new();
        for c in input.chunks(step.max(1)) {
            d.push(c);
            while let Some(p) = d.next_piece() {
                out.push(p);
            }
        }
        out
    }

    fn bodies(ps: &[Piece]) -> Vec<String> {
        ps.iter()
            .filter_map(|p| match p {
                Piece::Body(b) => Some(String::from_utf8_lossy(b).into_owned()),
                Piece::Skipped(_) => None,
            })
            .collect()
    }

    const GOOD: &str = r#"{"jsonrpc":"2.0","id":1,"method":"m"}"#;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn frames_in_any_chunking() {
        let input = format!("{}\r\n{}{}", framed(GOOD), framed("{}"), framed(GOOD));
        for step in [1, 2, 7, 64, 4096] {
            let ps = pieces(input.as_bytes(), step);
            assert_eq!(bodies(&ps), [GOOD, "{}", GOOD], "step {step}");
            assert_eq!(ps.len(), 3, "step {step}");
        }
    }

    #[test]
    fn a_broken_frame_is_skipped_up_to_the_next_header() {
        let cases = [
            format!("Content-Length: abc\r\n\r\n{GOOD}"),
            format!("X-Custom: 1\r\n\r\n{GOOD}"),
            format!("garbage\r\n\r\n{GOOD}"),
            format!("Content-Length: 10\r\n\r\n{GOOD}"),
            format!("Content-Length: 900\r\n\r\n{GOOD}"),
            format!("Content-Length: 99999999999999999999\r\n\r\n{GOOD}"),
        ];
        for bad in cases {
            let input = format!("{bad}{}", framed(GOOD));
            for step in [1, 5, 4096] {
                let ps = pieces(input.as_bytes(), step);
                let good = bodies(&ps).iter().filter(|b| *b == GOOD).count();
                assert!(good >= 1, "{bad:?} step {step}: {ps:?}");
                assert!(
                    ps.iter().any(|p| matches!(p, Piece::Skipped(_)))
                        || bodies(&ps).iter().any(|b| b != GOOD),
                    "{bad:?} step {step}: nothing reported: {ps:?}"
                );
                // the last piece is the good frame: reading goes on after the break
                assert_eq!(
                    ps.last(),
                    Some(&Piece::Body(GOOD.as_bytes().to_vec())),
                    "{bad:?} step {step}"
                );
            }
        }
    }

    #[test]
    fn garbage_is_reported_once_and_a_header_split_across_reads_is_found() {
        let input = format!("{}{}", "x".repeat(20_000), framed(GOOD));
        let ps = pieces(input.as_bytes(), 3);
        let skips = ps.iter().filter(|p| matches!(p, Piece::Skipped(_))).count();
        assert_eq!(skips, 1, "{:?}", &ps[..ps.len().min(5)]);
        assert_eq!(bodies(&ps), [GOOD]);
    }

    #[test]
    fn a_body_may_speak_of_content_length_in_a_string() {
        let body =
            r#"{"jsonrpc":"2.0","method":"m","params":{"text":"Content-Length: 5\r\n\r\nhi"}}"#;
        let ps = pieces(framed(body).as_bytes(), 4);
        assert_eq!(bodies(&ps), [body]);
    }

    #[test]
    fn a_batch_is_answered_request_by_request() {
        // found by fuzzing: a batch of two requests was answered with an array
        let body = r#"[{"jsonrpc":"2.0","id":1,"method":"m"},{"id":"b","method":null},"x"]"#;
        match check_message(body.as_bytes()) {
            Verdict::Answer(a, _) => {
                let ids: Vec<&Value> = a.iter().map(|x| &x["id"]).collect();
                assert_eq!(ids, [&json!(1), &json!("b")]);
                assert!(a.iter().all(|x| x["error"]["code"] == -32600));
            }
            v => panic!("{v:?}"),
        }
    }

    #[test]
    fn messages_that_are_not_json_rpc() {
        assert_eq!(check_message(GOOD.as_bytes()), Verdict::Pass);
        assert_eq!(
            check_message(br#"{"jsonrpc":"2.0","id":"a","result":null}"#),
            Verdict::Pass
        );
        assert_eq!(
            check_message(br#"{"jsonrpc":"2.0","method":"n","params":[1]}"#),
            Verdict::Pass
        );
        for (body, id) in [
            (r#"{"jsonrpc":"1.0","id":3,"method":"m"}"#, json!(3)),
            (r#"{"jsonrpc":"2.0","id":"x","method":5}"#, json!("x")),
            (r#"[{"jsonrpc":"2.0","id":4,"method":"m"}]"#, json!(4)),
            (
                r#"{"jsonrpc":"2.0","id":5,"method":"m","params":7}"#,
                json!(5),
            ),
        ] {
            match check_message(body.as_bytes()) {
                Verdict::Answer(a, _) => {
                    assert_eq!(a.len(), 1, "{body}");
                    assert_eq!(a[0]["id"], id, "{body}");
                    assert_eq!(a[0]["error"]["code"], -32600, "{body}");
                }
                v => panic!("{body}: {v:?}"),
            }
        }
        for body in [
            "[]",
            r#"{"hello":1}"#,
            "true",
            r#"{"jsonrpc":"2.0","id":1.5,"method":"m"}"#,
            r#"{"jsonrpc":"2.0","id":1e300,"method":"m"}"#,
            r#"{"jsonrpc":"2.0","id":18446744073709551616,"method":"m"}"#,
            r#"{"jsonrpc":"2.0","id":{"a":1},"method":"m"}"#,
            r#"{"jsonrpc":"2.0","id":true,"method":"m"}"#,
            r#"{"jsonrpc":"2.0","id":9}"#,
            "{not json",
        ] {
            assert!(
                matches!(check_message(body.as_bytes()), Verdict::Drop(_)),
                "{body}"
            );
        }
    }

    #[tokio::test]
    async fn the_filter_answers_logs_and_passes() {
        let input = format!(
            "{}{}{}",
            framed(GOOD),
            framed(r#"{"jsonrpc":"1.0","id":7,"method":"m"}"#),
            framed(r#"{"jsonrpc":"2.0","method":"exit"}"#)
        );
        let (tx, mut rx) = tokio::sync::mpsc::channel(8);
        let exit = tokio::sync::Notify::new();
        let mut out = Vec::new();
        filter(input.as_bytes(), &mut out, tx, &exit).await;
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.contains(GOOD) && s.contains(MALFORMED_METHOD) && s.contains("\"exit\""),
            "{s}"
        );
        let answer = String::from_utf8(rx.recv().await.unwrap()).unwrap();
        assert!(
            answer.contains("\"id\":7") && answer.contains("-32600"),
            "{answer}"
        );
        tokio::time::timeout(std::time::Duration::from_secs(5), exit.notified())
            .await
            .expect("exit was notified");
    }
}
