//! A raw client of the preview's live-reload event stream (Server-Sent
//! Events). Shared by `tests/serve_http.rs` and `benches/reload.rs`
//! (`benches/support` includes this file).

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// Opens the event stream of the server at `addr` and reads its first event
/// (`version`); every later read waits at most `wait`.
pub fn open_events(addr: SocketAddr, wait: Duration) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(wait)).expect("read timeout");
    write!(
        stream,
        "GET /__vitrine/evenements HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("send the request");
    let mut reader = BufReader::new(stream);
    sse_until(&mut reader, "version");
    reader
}

/// The next event of the stream, as its name and data, or `None` once the
/// stream is closed. Lines other than `event:` and the `data:` lines after
/// it (response head, chunk sizes, keep-alive comments) are skipped.
pub fn next_event(reader: &mut BufReader<TcpStream>) -> Option<(String, String)> {
    let mut line = String::new();
    loop {
        line.clear();
        let read = reader.read_line(&mut line).expect("an event in time");
        if read == 0 {
            return None;
        }
        if let Some(name) = line.trim_end().strip_prefix("event: ") {
            let name = name.to_string();
            // Data lines until the blank line that ends the event.
            let mut data = Vec::new();
            loop {
                line.clear();
                reader.read_line(&mut line).expect("an event in time");
                match line.trim_end().strip_prefix("data:") {
                    Some(text) => data.push(text.strip_prefix(' ').unwrap_or(text).to_string()),
                    None => return Some((name, data.join("\n"))),
                }
            }
        }
    }
}

/// Reads the event stream until an event named `name` and returns its data.
pub fn sse_until(reader: &mut BufReader<TcpStream>, name: &str) -> String {
    loop {
        let (event, data) =
            next_event(reader).unwrap_or_else(|| panic!("stream closed before « event: {name} »"));
        if event == name {
            return data;
        }
    }
}
