//! `stratc watch --serve PORT`: the HTML plan over HTTP on the loopback address, for a
//! planning meeting's shared screen.
//!
//! `/` is the last HTML plan written, with a small script added that asks `/version` once
//! a second and reloads the page when a rebuild has written a new plan. The plan file on
//! disk stays free of scripts; only the served copy has one. Anything else is 404.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};

use super::Finished;

/// The plan being served and how many times it changed.
#[derive(Default)]
struct Served {
    html: Option<String>,
    version: u64,
}

/// A server answering on its own thread for as long as `stratc watch` runs.
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
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                // A client that hangs up mid-request is its own problem, not the watch's.
                let _ = answer(stream, &shared);
            }
        });
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

/// Reads one request and answers it.
fn answer(stream: TcpStream, served: &Mutex<Served>) -> std::io::Result<()> {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // The headers are read and ignored; the request has no body that matters.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let (status, content_type, body) = {
        let served = served.lock().unwrap_or_else(PoisonError::into_inner);
        match (path, &served.html) {
            ("/version", _) => ("200 OK", "text/plain", served.version.to_string()),
            ("/", Some(html)) => (
                "200 OK",
                "text/html; charset=utf-8",
                with_reload(html, served.version),
            ),
            ("/", None) => (
                "200 OK",
                "text/html; charset=utf-8",
                with_reload(
                    "<!DOCTYPE html><title>stratc</title><p>No HTML plan yet: the strategy has errors, or <code>--emit</code> leaves out <code>html</code>.</p>",
                    served.version,
                ),
            ),
            _ => ("404 Not Found", "text/plain", "not found".to_string()),
        }
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
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
    use super::with_reload;

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let page = with_reload("<html><body><p>plan</p></body></html>", 3);
        assert!(
            page.starts_with("<html><body><p>plan</p><script>"),
            "{page}"
        );
        assert!(page.contains("var v='3'") && page.ends_with("</script></body></html>"));
    }
}
