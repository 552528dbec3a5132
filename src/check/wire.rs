//! SMTP replies off the wire, bounded in size and in time.
//!
//! Hand-written rather than lettre's `SmtpConnection` because lettre reads reply lines into a
//! `String` without a bound (a server sending `220 ` and then `A` forever grew seskey to
//! gigabytes), applies its timeout per read rather than to the whole conversation (a server
//! dripping a byte a second is never timed out), and keeps its buffered reader to itself, so
//! bytes a server pipelined after its STARTTLS reply cannot be detected and are read after the
//! handshake as if they had come over TLS (RFC 3207 §6). Here every line is capped at RFC 5321's
//! 512 octets, every reply at [`MAX_LINES`] lines and [`MAX_REPLY`] octets, every read at the
//! time left before one deadline, and [`Wire::buffered`] tells the caller what is left unread.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

use rustls::{ClientConnection, StreamOwned};

/// Longest reply line, CRLF included (RFC 5321 §4.5.3.1.5).
pub(super) const MAX_LINE: usize = 512;
/// Most lines in one (multi-line) reply; an EHLO reply has one per extension, a dozen or so.
pub(super) const MAX_LINES: usize = 64;
/// Most octets in one reply.
pub(super) const MAX_REPLY: usize = 8 * 1024;
/// Read buffer: a few lines, so that one read can take several.
const BUF: usize = 4096;

/// The connection, before or after TLS.
pub(super) enum Stream {
    /// Plain TCP (before STARTTLS).
    Plain(TcpStream),
    /// TLS over TCP.
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

impl Stream {
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => &s.sock,
        }
    }
}

/// Why no reply could be read.
#[derive(Debug)]
pub(super) enum WireError {
    /// The system or TLS said so (rustls errors arrive inside `io::Error`).
    Io(io::Error),
    /// The server closed the connection.
    Closed,
    /// The deadline passed; `partial` when part of the reply had arrived (a slow drip).
    Deadline {
        /// Some of the reply had arrived.
        partial: bool,
    },
    /// A line longer than [`MAX_LINE`], or a reply over [`MAX_LINES`] / [`MAX_REPLY`].
    Overlong,
    /// A line that is not `DDD`, `DDD text` or `DDD-text`.
    Malformed(String),
}

/// One reply: its code and the text of each line (after the code and separator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reply {
    /// e.g. 250.
    pub code: u16,
    /// Each line's text, lossily decoded.
    pub lines: Vec<String>,
}

impl Reply {
    /// 2xx.
    pub fn is_positive(&self) -> bool {
        (200..300).contains(&self.code)
    }

    /// "535 Authentication Credentials Invalid", unsanitised.
    pub fn text(&self) -> String {
        let mut s = self.code.to_string();
        for line in self.lines.iter().filter(|l| !l.is_empty()) {
            s.push(' ');
            s.push_str(line);
        }
        s
    }
}

/// A connection with a bounded read buffer.
pub(super) struct Wire {
    stream: Stream,
    buf: Box<[u8; BUF]>,
    start: usize,
    end: usize,
}

impl Wire {
    /// Wraps a connected stream.
    pub fn new(stream: Stream) -> Self {
        Self {
            stream,
            buf: Box::new([0; BUF]),
            start: 0,
            end: 0,
        }
    }

    /// Bytes received and not yet consumed by a reply.
    pub fn buffered(&self) -> usize {
        self.end - self.start
    }

    /// The stream, to upgrade it to TLS. The caller checks [`Wire::buffered`] first.
    pub fn into_stream(self) -> Stream {
        self.stream
    }

    /// The stream.
    pub fn stream_mut(&mut self) -> &mut Stream {
        &mut self.stream
    }

    /// Writes `bytes` whole, within the time left before `deadline`.
    pub fn send(&mut self, bytes: &[u8], deadline: Instant) -> Result<(), WireError> {
        let left = time_left(deadline).ok_or(WireError::Deadline { partial: false })?;
        self.stream
            .tcp()
            .set_write_timeout(Some(left))
            .map_err(WireError::Io)?;
        let r = match &mut self.stream {
            Stream::Plain(s) => s.write_all(bytes).and_then(|()| s.flush()),
            Stream::Tls(s) => s.write_all(bytes).and_then(|()| s.flush()),
        };
        r.map_err(|e| match e.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
                WireError::Deadline { partial: false }
            }
            _ => WireError::Io(e),
        })
    }

    /// Reads one whole reply by `deadline`.
    pub fn read_reply(&mut self, deadline: Instant) -> Result<Reply, WireError> {
        let mut reply = Reply {
            code: 0,
            lines: Vec::new(),
        };
        let mut total = 0;
        loop {
            let partial = !reply.lines.is_empty();
            let (code, last, text) = {
                let line = self.read_line(deadline, partial)?;
                total += line.len() + 2;
                parse_line(line)?
            };
            if reply.lines.len() >= MAX_LINES || total > MAX_REPLY {
                return Err(WireError::Overlong);
            }
            if partial && code != reply.code {
                return Err(WireError::Malformed(format!("{code} after {}", reply.code)));
            }
            reply.code = code;
            reply.lines.push(text);
            if last {
                return Ok(reply);
            }
        }
    }

    /// The next line without its line end (CRLF, or a bare LF), at most [`MAX_LINE`] octets with
    /// it. `partial`: part of the reply has arrived already (for [`WireError::Deadline`]).
    fn read_line(&mut self, deadline: Instant, partial: bool) -> Result<&[u8], WireError> {
        loop {
            let pending = &self.buf[self.start..self.end];
            if let Some(pos) = pending.iter().position(|&b| b == b'\n') {
                if pos + 1 > MAX_LINE {
                    return Err(WireError::Overlong);
                }
                let (from, mut to) = (self.start, self.start + pos);
                self.start += pos + 1;
                if to > from && self.buf[to - 1] == b'\r' {
                    to -= 1;
                }
                return Ok(&self.buf[from..to]);
            }
            if pending.len() >= MAX_LINE {
                return Err(WireError::Overlong);
            }
            if self.start == self.end {
                (self.start, self.end) = (0, 0);
            } else if self.end == BUF {
                self.buf.copy_within(self.start..self.end, 0);
                (self.start, self.end) = (0, self.end - self.start);
            }
            let partial = partial || self.end > self.start;
            let left = time_left(deadline).ok_or(WireError::Deadline { partial })?;
            self.stream
                .tcp()
                .set_read_timeout(Some(left))
                .map_err(WireError::Io)?;
            let room = &mut self.buf[self.end..];
            let n = match &mut self.stream {
                Stream::Plain(s) => s.read(room),
                Stream::Tls(s) => s.read(room),
            };
            match n {
                Ok(0) => return Err(WireError::Closed),
                Ok(n) => self.end += n,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::Interrupted
                            | io::ErrorKind::WouldBlock
                            | io::ErrorKind::TimedOut
                    ) => {}
                // rustls reports a peer that closed without close_notify this way.
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    return Err(WireError::Closed);
                }
                Err(e) => return Err(WireError::Io(e)),
            }
        }
    }
}

/// Time left before `deadline`, or `None` once it has passed.
pub(super) fn time_left(deadline: Instant) -> Option<std::time::Duration> {
    let left = deadline.saturating_duration_since(Instant::now());
    (!left.is_zero()).then_some(left)
}

/// `DDD`, `DDD text` (last line) or `DDD-text` (more to come) -> (code, last, text).
fn parse_line(line: &[u8]) -> Result<(u16, bool, String), WireError> {
    let malformed = || WireError::Malformed(String::from_utf8_lossy(line).into_owned());
    let digits = line.get(..3).ok_or_else(malformed)?;
    if !(b'2'..=b'5').contains(&digits[0]) || !digits.iter().all(u8::is_ascii_digit) {
        return Err(malformed());
    }
    let code = digits
        .iter()
        .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    let (last, text) = match line.get(3) {
        None => (true, &[][..]),
        Some(b' ') => (true, &line[4..]),
        Some(b'-') => (false, &line[4..]),
        Some(_) => return Err(malformed()),
    };
    Ok((code, last, String::from_utf8_lossy(text).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::time::Duration;

    /// A wire reading what `server` writes on a loopback connection.
    fn wire_with(server: impl FnOnce(TcpStream) + Send + 'static) -> Wire {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        std::thread::spawn(move || server(l.accept().unwrap().0));
        Wire::new(Stream::Plain(TcpStream::connect(addr).unwrap()))
    }

    fn soon() -> Instant {
        Instant::now() + Duration::from_secs(20)
    }

    #[test]
    fn lines_parse() {
        assert_eq!(parse_line(b"250").unwrap(), (250, true, String::new()));
        assert_eq!(
            parse_line(b"250-PIPELINING").unwrap(),
            (250, false, "PIPELINING".into())
        );
        assert_eq!(parse_line(b"535 bad").unwrap(), (535, true, "bad".into()));
        for bad in [
            &b""[..],
            b"25",
            b"abc def",
            b"2500",
            b"650 x",
            b"1xx y",
            b"250_x",
        ] {
            assert!(
                matches!(parse_line(bad), Err(WireError::Malformed(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_multi_line_reply_is_read_whole_and_nothing_more() {
        let mut w = wire_with(|mut s| {
            s.write_all(b"250-smtp.test\r\n250-STARTTLS\n250 AUTH PLAIN\r\n221 x\r\n")
                .unwrap();
            std::thread::sleep(Duration::from_secs(5));
        });
        let r = w.read_reply(soon()).unwrap();
        assert_eq!(r.code, 250);
        assert_eq!(r.lines, ["smtp.test", "STARTTLS", "AUTH PLAIN"]);
        assert_eq!(r.text(), "250 smtp.test STARTTLS AUTH PLAIN");
        assert_eq!(w.read_reply(soon()).unwrap().code, 221);
    }

    #[test]
    fn a_line_of_512_octets_passes_and_513_does_not() {
        let ok = format!("220 {}\r\n", "a".repeat(MAX_LINE - 6));
        assert_eq!(ok.len(), MAX_LINE);
        let mut w = wire_with(move |mut s| s.write_all(ok.as_bytes()).unwrap());
        assert_eq!(w.read_reply(soon()).unwrap().code, 220);

        let long = format!("220 {}\r\n", "a".repeat(MAX_LINE - 5));
        let mut w = wire_with(move |mut s| s.write_all(long.as_bytes()).unwrap());
        assert!(matches!(w.read_reply(soon()), Err(WireError::Overlong)));
    }

    #[test]
    fn an_endless_line_stops_at_the_line_limit() {
        let mut w = wire_with(|mut s| {
            let _ = s.write_all(b"220 ");
            while s.write_all(&[b'A'; 1024]).is_ok() {}
        });
        assert!(matches!(w.read_reply(soon()), Err(WireError::Overlong)));
    }

    #[test]
    fn an_endless_reply_stops_at_the_line_count() {
        let mut w = wire_with(|mut s| while s.write_all(b"250-x\r\n").is_ok() {});
        assert!(matches!(w.read_reply(soon()), Err(WireError::Overlong)));
    }

    #[test]
    fn a_drip_ends_at_the_deadline_as_partial() {
        let mut w = wire_with(|mut s| {
            let _ = s.write_all(b"220 ");
            while s.write_all(b"A").is_ok() {
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        let deadline = Instant::now() + Duration::from_millis(300);
        assert!(matches!(
            w.read_reply(deadline),
            Err(WireError::Deadline { partial: true })
        ));
    }

    #[test]
    fn mixed_codes_and_eof_are_errors() {
        let mut w = wire_with(|mut s| s.write_all(b"250-a\r\n251 b\r\n").unwrap());
        assert!(matches!(w.read_reply(soon()), Err(WireError::Malformed(_))));
        let mut w = wire_with(|mut s| s.write_all(b"250-a\r\n").unwrap());
        assert!(matches!(w.read_reply(soon()), Err(WireError::Closed)));
    }
}
