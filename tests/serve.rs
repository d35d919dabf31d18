//! Issue 11: `stratc watch --serve PORT` through real sockets. No peer can hold up the
//! others, make the server read without end, read the plan through another site's name,
//! or change anything.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

#[path = "common/watching.rs"]
mod watching;

use watching::{Watch, folder};

/// A `stratc watch --serve 0` that has built its plan once, and where it serves it.
fn serving(name: &str) -> (Watch, String) {
    let dir = folder(name);
    std::fs::write(dir.join("s.strat"), watching::SMALL_STRATEGY).unwrap();
    let mut watch = Watch::start(
        &dir,
        &["s.strat", "-o", "plan", "--emit", "html", "--serve", "0"],
    );
    let address = watch.served_address();
    watch.line_starting("[build 1]");
    (watch, address)
}

/// A connection that gives up reading after a few seconds, so a hung server fails the test
/// rather than hanging it.
fn connect(address: &str) -> TcpStream {
    let stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

/// The whole answer to `request`, sent as it is.
fn exchange(address: &str, request: &str) -> String {
    let mut stream = connect(address);
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    String::from_utf8(answer).unwrap()
}

/// The answer to `METHOD path` with `Host: host`.
fn ask(address: &str, method: &str, path: &str, host: &str) -> String {
    exchange(
        address,
        &format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: test\r\n\r\n"),
    )
}

fn status(answer: &str) -> &str {
    answer.lines().next().unwrap_or_default()
}

fn body(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

#[test]
fn an_idle_connection_does_not_hold_up_other_requests() {
    let (_watch, address) = serving("serve_idle");
    let _idle = connect(&address);
    let mut half = connect(&address);
    half.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
    let started = Instant::now();
    let answer = ask(&address, "GET", "/version", &address);
    assert_eq!(status(&answer), "HTTP/1.1 200 OK", "{answer}");
    assert_eq!(body(&answer), "1");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn an_oversized_request_gets_431_without_being_read() {
    let (_watch, address) = serving("serve_oversized");
    // A request line that never ends: the server answers once it has read its limit.
    let mut endless = connect(&address);
    endless
        .write_all(format!("GET /{} HTTP/1.1", "a".repeat(20_000)).as_bytes())
        .unwrap();
    let mut answer = String::new();
    endless.read_to_string(&mut answer).unwrap();
    assert_eq!(
        status(&answer),
        "HTTP/1.1 431 Request Header Fields Too Large"
    );

    // 300 MB of request line: the server stops reading long before the end.
    let mut stream = connect(&address);
    let mut writer = stream.try_clone().unwrap();
    let sent = std::thread::spawn(move || {
        writer
            .set_write_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let chunk = vec![b'a'; 64 * 1024];
        let mut sent = writer.write(b"GET /").unwrap();
        while sent < 300_000_000 {
            match writer.write(&chunk) {
                Ok(written) => sent += written,
                Err(_) => break,
            }
        }
        sent
    });
    let mut head = [0u8; 64];
    let read = stream.read(&mut head).unwrap();
    let answer = String::from_utf8_lossy(&head[..read]).to_string();
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    let sent = sent.join().unwrap();
    assert!(sent < 64_000_000, "the client could send {sent} bytes");
}

#[test]
fn a_request_for_another_host_is_forbidden() {
    let (_watch, address) = serving("serve_host");
    let port = address.rsplit_once(':').unwrap().1;
    assert_eq!(
        status(&ask(&address, "GET", "/", &address)),
        "HTTP/1.1 200 OK"
    );
    let local = format!("localhost:{port}");
    assert_eq!(
        status(&ask(&address, "GET", "/", &local)),
        "HTTP/1.1 200 OK"
    );
    for foreign in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "localhost:1".to_string(),
        "localhost".to_string(),
    ] {
        let answer = ask(&address, "GET", "/", &foreign);
        assert_eq!(status(&answer), "HTTP/1.1 403 Forbidden", "{foreign}");
        assert!(!answer.contains("<html"), "{answer}");
    }
    let answer = exchange(&address, "GET /version HTTP/1.1\r\n\r\n");
    assert_eq!(
        status(&answer),
        "HTTP/1.1 400 Bad Request",
        "no Host at all"
    );
}

#[test]
fn only_get_and_head_are_served_and_head_has_no_body() {
    let (_watch, address) = serving("serve_methods");
    for method in ["POST", "DELETE", "PUT", "BREW"] {
        let answer = exchange(
            &address,
            &format!("{method} / HTTP/1.1\r\nHost: {address}\r\nContent-Length: 5\r\n\r\nhello"),
        );
        assert_eq!(
            status(&answer),
            "HTTP/1.1 405 Method Not Allowed",
            "{method}"
        );
        assert!(answer.contains("\r\nAllow: GET, HEAD\r\n"), "{answer}");
    }
    let get = ask(&address, "GET", "/", &address);
    let head = ask(&address, "HEAD", "/", &address);
    assert_eq!(status(&head), "HTTP/1.1 200 OK");
    assert!(
        head.ends_with("\r\n\r\n"),
        "no body after the headers: {head}"
    );
    let length = |answer: &str| {
        answer
            .lines()
            .find_map(|line| line.strip_prefix("Content-Length: "))
            .map(str::to_string)
    };
    assert_eq!(length(&head), Some(body(&get).len().to_string()));
    assert!(body(&get).contains("Small"));
}

#[test]
fn connections_past_the_bound_are_told_to_come_back() {
    let (_watch, address) = serving("serve_bound");
    let idle: Vec<TcpStream> = (0..16).map(|_| connect(&address)).collect();
    // The server takes the idle connections in order; the next one is over the bound.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut answer = String::new();
    while Instant::now() < deadline {
        answer = ask(&address, "GET", "/version", &address);
        if status(&answer) != "HTTP/1.1 200 OK" {
            break;
        }
    }
    assert_eq!(
        status(&answer),
        "HTTP/1.1 503 Service Unavailable",
        "{answer}"
    );
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(5);
    while status(&answer) != "HTTP/1.1 200 OK" && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        answer = ask(&address, "GET", "/version", &address);
    }
    assert_eq!(status(&answer), "HTTP/1.1 200 OK", "the slots come back");
}
