//! `stratc watch --serve PORT`: the HTML plan over HTTP on the loopback address, for a
//! planning meeting's shared screen.
//!
//! `/` is the last HTML plan written, with a small script added that asks `/version` once
//! a second and reloads the page when a rebuild has written a new plan. The plan file on
//! disk stays free of scripts; only the served copy has one. Anything else is 404.
//!
//! The server is a few hundred lines of std rather than a crate: tiny_http (the small
//! one) reads a request line of any length into memory and has no deadline for a slow
//! client, and hyper needs an async runtime, both for two read-only pages. What a peer
//! can do is bounded here (issue 11):
//!
//! - each connection has a thread of its own, at most [`MAX_CONNECTIONS`] at once (more
//!   get 503), so an idle connection holds up nobody else, and it must send its request
//!   within [`REQUEST_DEADLINE`] (408) and take the answer within [`WRITE_TIMEOUT`];
//! - a request's head (its line and headers) may be [`MAX_HEAD`] bytes: past that it gets
//!   431 without the rest being read;
//! - `Host` must be `127.0.0.1:PORT` or `localhost:PORT` (403 otherwise), so that a page
//!   of another site whose name an attacker points at 127.0.0.1 (DNS rebinding) cannot
//!   read the plan;
//! - only `GET` and `HEAD` are served (405 with `Allow` otherwise), and `HEAD` gets the
//!   headers alone.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use super::Finished;

/// How many connections are answered at once; a browser polling `/version` needs one at
/// a time.
pub const MAX_CONNECTIONS: usize = 16;

/// The most bytes a request's line and headers may take; a browser's are under 2 KB.
pub const MAX_HEAD: usize = 8 * 1024;

/// How long a client has to send its request's head, from when it connects.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(10);

/// How long writing the answer may stall on a client that does not read it.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long, and how many bytes, the server reads and drops after answering, so that
/// closing on a request it did not read to its end (too large, or with a body) does not
/// reset the connection before the client reads the answer.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 1024 * 1024;

/// How long a connection past the bound may take to be told so, writing and lingering.
const BUSY_LINGER: Duration = Duration::from_millis(250);

/// The plan being served and how many times it changed.
#[derive(Default)]
struct Served {
    html: Option<String>,
    version: u64,
}

/// A server answering on its own threads for as long as `stratc watch` runs.
pub struct Server {
    served: Arc<Mutex<Served>>,
}

/// Reloads the page when `/version` no longer says what it said when the page was served.
const RELOAD: &str = "<script>(function(){var v='{version}';setInterval(function(){fetch('/version').then(function(r){return r.text()}).then(function(t){if(t!==v){location.reload()}}).catch(function(){})},1000)})();</script>";

impl Server {
    /// Listens on 127.0.0.1:`port` (0 picks a free port) and says where.
    pub fn start(port: u16) -> std::io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let address = listener.local_addr()?;
        let _ = writeln!(std::io::stderr(), "serving the plan on http://{address}/");
        let served = Arc::new(Mutex::new(Served::default()));
        let shared = Arc::clone(&served);
        std::thread::Builder::new()
            .name("serve".into())
            .spawn(move || accept(&listener, &shared, address.port()))?;
        Ok(Server { served })
    }

    /// Serves the HTML plan `finished` wrote, if it wrote one; a failed build keeps the
    /// last page.
    pub fn publish(&self, finished: &Finished) {
        let html = finished
            .written
            .iter()
            .find(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "html")
            })
            .and_then(|path| std::fs::read_to_string(path).ok());
        if let Some(html) = html {
            let mut served = self.served.lock().unwrap_or_else(PoisonError::into_inner);
            served.version += 1;
            served.html = Some(html);
        }
    }
}

/// Takes connections for ever, each on a thread of its own while fewer than
/// [`MAX_CONNECTIONS`] are open. Those past the bound are told so by one more thread, in
/// turn (and dropped when it has a queue as long as the bound), so that the loop taking
/// connections never waits on a client.
fn accept(listener: &TcpListener, served: &Arc<Mutex<Served>>, port: u16) {
    let open = Arc::new(AtomicUsize::new(0));
    let (refuse, refused) = mpsc::sync_channel::<TcpStream>(MAX_CONNECTIONS);
    let _ = std::thread::Builder::new()
        .name("serve-busy".into())
        .spawn(move || {
            for stream in refused {
                let _ = busy(stream);
            }
        });
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, say: wait for some to close rather than spin.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if open.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let _ = refuse.try_send(stream);
            continue;
        }
        let slot = Slot::take(&open);
        let served = Arc::clone(served);
        // A thread that cannot start drops its slot and its connection.
        let _ = std::thread::Builder::new()
            .name("serve-connection".into())
            .spawn(move || {
                let _slot = slot;
                // A client that hangs up mid-request is its own problem, not the watch's.
                let _ = answer(stream, &served, port);
            });
    }
}

/// One of the [`MAX_CONNECTIONS`], given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Slot {
        open.fetch_add(1, Ordering::SeqCst);
        Slot(Arc::clone(open))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Says 503 to a connection over the bound, without reading its request.
fn busy(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_write_timeout(Some(BUSY_LINGER))?;
    let mut answer = Answer::text("503 Service Unavailable", "too many connections");
    answer.headers.push(("Retry-After", "1".into()));
    stream.write_all(&answer.bytes(false))?;
    linger(&mut stream, BUSY_LINGER);
    Ok(())
}

/// Reads one request and answers it.
fn answer(mut stream: TcpStream, served: &Mutex<Served>, port: u16) -> std::io::Result<()> {
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let (answer, head_only) = match read_head(&mut stream)?.and_then(|head| Request::parse(&head)) {
        Ok(request) => (request.answer(served, port), request.method == "HEAD"),
        Err(answer) => (answer, false),
    };
    stream.write_all(&answer.bytes(head_only))?;
    stream.flush()?;
    linger(&mut stream, LINGER);
    Ok(())
}

/// The request's head, up to and without the blank line that ends it; `Err` with the
/// answer when it is too large (431) or too slow (408), and an I/O error when the client
/// hung up.
fn read_head(stream: &mut TcpStream) -> std::io::Result<Result<Vec<u8>, Answer>> {
    let deadline = Instant::now() + REQUEST_DEADLINE;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = end_of_head(&head) {
            head.truncate(end);
            return Ok(Ok(head));
        }
        if head.len() >= MAX_HEAD {
            return Ok(Err(Answer::text(
                "431 Request Header Fields Too Large",
                "the request's line and headers are too large",
            )));
        }
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return Ok(Err(timed_out()));
        };
        stream.set_read_timeout(Some(left.max(Duration::from_millis(1))))?;
        let room = chunk.len().min(MAX_HEAD - head.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            Ok(read) => head.extend_from_slice(&chunk[..read]),
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Ok(Err(timed_out()));
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

fn timed_out() -> Answer {
    Answer::text("408 Request Timeout", "the request took too long to arrive")
}

/// Where the head ends (before its blank line), if it has.
fn end_of_head(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes.windows(4).position(|window| window == b"\r\n\r\n");
    let lf = bytes.windows(2).position(|window| window == b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// After answering, reads and drops what the client still sends, for a moment, so that
/// closing does not reset the connection under the answer. The write side is closed
/// first, so the client sees the answer end and a browser closes at once.
fn linger(stream: &mut TcpStream, period: Duration) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + period;
    let mut dropped = 0;
    let mut chunk = [0u8; 8192];
    while dropped < LINGER_BYTES {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return;
        };
        if stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .is_err()
        {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(read) => dropped += read,
        }
    }
}

/// A request's line and the headers the server looks at.
#[derive(Debug, PartialEq)]
struct Request {
    method: String,
    path: String,
    host: String,
}

impl Request {
    /// Reads a request's head; `Err` with a 400 answer when it is not HTTP/1.
    fn parse(head: &[u8]) -> Result<Request, Answer> {
        let bad = |why: &str| Answer::text("400 Bad Request", why);
        let head = std::str::from_utf8(head).map_err(|_| bad("the request is not text"))?;
        let mut lines = head.split('\n').map(|line| line.trim_end_matches('\r'));
        let line = lines.next().unwrap_or_default();
        let parts: Vec<&str> = line.split(' ').collect();
        let [method, target, version] = parts[..] else {
            return Err(bad("the request line is not `METHOD PATH HTTP/1.1`"));
        };
        if method.is_empty() || !target.starts_with('/') || !version.starts_with("HTTP/1.") {
            return Err(bad("the request line is not `METHOD PATH HTTP/1.1`"));
        }
        let mut hosts = Vec::new();
        for header in lines {
            let Some((name, value)) = header.split_once(':') else {
                return Err(bad("a header has no `:`"));
            };
            if name.eq_ignore_ascii_case("host") {
                hosts.push(value.trim().to_string());
            }
        }
        let [host] = &hosts[..] else {
            return Err(bad("a request needs one `Host` header"));
        };
        let path = target.split(['?', '#']).next().unwrap_or(target);
        Ok(Request {
            method: method.to_string(),
            path: path.to_string(),
            host: host.clone(),
        })
    }

    /// What the server answers to this request, with the plan `served` on `port`.
    fn answer(&self, served: &Mutex<Served>, port: u16) -> Answer {
        if !is_local_host(&self.host, port) {
            return Answer::text(
                "403 Forbidden",
                &format!("this server answers to 127.0.0.1:{port} and localhost:{port} only"),
            );
        }
        if self.method != "GET" && self.method != "HEAD" {
            let mut answer = Answer::text("405 Method Not Allowed", "only GET and HEAD");
            answer.headers.push(("Allow", "GET, HEAD".into()));
            return answer;
        }
        let served = served.lock().unwrap_or_else(PoisonError::into_inner);
        match (self.path.as_str(), &served.html) {
            ("/version", _) => Answer::text("200 OK", &served.version.to_string()),
            ("/", Some(html)) => Answer::html(with_reload(html, served.version)),
            ("/", None) => Answer::html(with_reload(
                "<!DOCTYPE html><title>stratc</title><p>No HTML plan yet: the strategy has errors, or <code>--emit</code> leaves out <code>html</code>.</p>",
                served.version,
            )),
            _ => Answer::text("404 Not Found", "not found"),
        }
    }
}

/// Whether `host` (a `Host` header) names this server: the loopback address or
/// `localhost`, with its port (which a browser leaves out only for port 80).
fn is_local_host(host: &str, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    let (name, given) = match host.rsplit_once(':') {
        Some((name, given)) => (name, given.parse::<u16>().ok()),
        None => (host.as_str(), (port == 80).then_some(80)),
    };
    matches!(name, "127.0.0.1" | "localhost") && given == Some(port)
}

/// An answer: its status, headers and body.
#[derive(Debug, PartialEq)]
struct Answer {
    status: &'static str,
    headers: Vec<(&'static str, String)>,
    body: String,
}

impl Answer {
    fn text(status: &'static str, body: &str) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: body.to_string(),
        }
    }

    fn html(body: String) -> Answer {
        Answer {
            status: "200 OK",
            headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
            body,
        }
    }

    /// The answer as sent: with its body unless `head_only` (a `HEAD` request, which gets
    /// the headers `GET` would, `Content-Length` included).
    fn bytes(&self, head_only: bool) -> Vec<u8> {
        let mut bytes = format!("HTTP/1.1 {}\r\n", self.status);
        for (name, value) in &self.headers {
            bytes.push_str(&format!("{name}: {value}\r\n"));
        }
        bytes.push_str(&format!(
            "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        if !head_only {
            bytes.push_str(&self.body);
        }
        bytes.into_bytes()
    }
}

/// `html` with the reload script before its closing body tag (or at its end).
fn with_reload(html: &str, version: u64) -> String {
    let script = RELOAD.replace("{version}", &version.to_string());
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{html}{script}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{Request, end_of_head, is_local_host, with_reload};

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let page = with_reload("<html><body><p>plan</p></body></html>", 3);
        assert!(
            page.starts_with("<html><body><p>plan</p><script>"),
            "{page}"
        );
        assert!(page.contains("var v='3'") && page.ends_with("</script></body></html>"));
    }

    #[test]
    fn only_the_loopback_names_with_the_port_are_this_server() {
        assert!(is_local_host("127.0.0.1:8000", 8000));
        assert!(is_local_host("LocalHost:8000", 8000));
        assert!(!is_local_host("localhost:8001", 8000));
        assert!(!is_local_host("localhost", 8000));
        assert!(is_local_host("localhost", 80));
        assert!(!is_local_host("evil.example:8000", 8000));
        assert!(!is_local_host("127.0.0.1.evil.example:8000", 8000));
        assert!(!is_local_host("[::1]:8000", 8000));
        assert!(!is_local_host("", 8000));
    }

    #[test]
    fn requests_are_read_strictly() {
        let request =
            Request::parse(b"GET /version?x=1 HTTP/1.1\r\nHost: localhost:1\r\nAccept: */*")
                .unwrap();
        assert_eq!(
            request,
            Request {
                method: "GET".into(),
                path: "/version".into(),
                host: "localhost:1".into()
            }
        );
        for bad in [
            &b"GET / HTTP/1.1"[..],
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b",
            b"GET /  HTTP/1.1\r\nHost: a",
            b"GET / HTTP/2\r\nHost: a",
            b"GET http://a/ HTTP/1.1\r\nHost: a",
            b"GET / HTTP/1.1\r\nno colon",
            b"\xff / HTTP/1.1\r\nHost: a",
        ] {
            let answer = Request::parse(bad).unwrap_err();
            assert_eq!(answer.status, "400 Bad Request", "{bad:?}");
        }
        assert_eq!(
            end_of_head(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nbody"),
            Some(23)
        );
        assert_eq!(end_of_head(b"GET / HTTP/1.1\nHost: a\n\n"), Some(22));
        assert_eq!(end_of_head(b"GET / HTTP/1.1\r\nHost: a\r\n"), None);
    }
}
