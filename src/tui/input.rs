//! Terminal input: raw bytes to [`Key`]s and bracketed pastes.
//!
//! Hand-written because of secret hygiene: crossterm's event reader keeps raw input, including a
//! whole bracketed paste (which is where a secret access key arrives), in buffers owned by a
//! never-dropped static, so the secret would outlive every wipe. Here the bytes are read with
//! `read(2)` straight into a locked [`SecretBuf`], each consumed byte is wiped, and a paste is
//! accumulated directly into its own page and handed over as a [`SecretText`].

use std::io;
use std::os::fd::BorrowedFd;

use crate::secret::SecretBuf;
use crate::tui::event::{Event, Key, PasteError};

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";
/// Longest escape sequence we wait for; anything longer is dropped as garbage.
const MAX_SEQ: usize = 32;

/// Incremental decoder of terminal input.
#[derive(Debug, Default)]
pub struct InputParser {
    buf: SecretBuf,
    /// Inside a bracketed paste: the bytes so far, or `None` after it overflowed.
    paste: Option<Option<SecretBuf>>,
}

/// Result of decoding at the front of the buffer.
enum Step {
    /// `n` bytes form this event (or nothing worth reporting when `None`).
    Done(usize, Option<Event>),
    /// The bytes may be the start of a longer sequence: wait for more.
    NeedMore,
}

impl InputParser {
    /// A parser with empty buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads what `fd` has into the buffer. `Ok(0)` means end of input.
    pub fn read_from(&mut self, fd: BorrowedFd<'_>) -> io::Result<usize> {
        if self.buf.spare_mut().is_empty() {
            // Only possible with a pathological unterminated sequence; drop it.
            self.buf.clear();
        }
        loop {
            match rustix::io::read(fd, self.buf.spare_mut()) {
                Ok(n) => {
                    self.buf.commit(n);
                    return Ok(n);
                }
                Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Appends bytes as if read from the terminal (tests, and callers with their own reads).
    #[cfg(test)]
    pub fn feed(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(1024) {
            if self.buf.extend_from_slice(chunk).is_err() {
                self.buf.clear();
                let _ = self.buf.extend_from_slice(chunk);
            }
        }
    }

    /// True when the buffer ends in bytes that could start a sequence (a lone ESC, say): the
    /// caller should wait briefly for more input, then call [`InputParser::flush_pending`].
    pub fn has_pending(&self) -> bool {
        self.paste.is_none() && !self.buf.is_empty()
    }

    /// Decodes every complete key and paste in the buffer, wiping the bytes it consumes.
    pub fn events(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        loop {
            if self.paste.is_some() {
                match self.paste_step() {
                    Some(ev) => out.push(ev),
                    None => break,
                }
                continue;
            }
            if self.buf.is_empty() {
                break;
            }
            match decode(self.buf.as_bytes()) {
                Step::Done(n, ev) => {
                    self.buf.consume(n);
                    if let Some(ev) = ev {
                        out.push(ev);
                    }
                }
                Step::NeedMore => {
                    if self.buf.as_bytes().starts_with(PASTE_START) {
                        self.buf.consume(PASTE_START.len());
                        self.paste = Some(Some(SecretBuf::new()));
                    } else {
                        break;
                    }
                }
            }
        }
        out
    }

    /// Nothing more arrived after a partial sequence: a lone ESC is the Esc key, and whatever
    /// follows it is decoded as ordinary input.
    pub fn flush_pending(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        if self.paste.is_some() || self.buf.is_empty() {
            return out;
        }
        if self.buf.as_bytes()[0] == 0x1b {
            self.buf.consume(1);
            out.push(Event::Key(Key::Esc));
        } else {
            // An incomplete UTF-8 character that will never be completed.
            self.buf.consume(1);
        }
        out.extend(self.events());
        if self.has_pending() {
            out.extend(self.flush_pending());
        }
        out
    }

    /// Moves paste bytes from the input buffer into the paste page; returns the paste once its
    /// end marker has arrived.
    fn paste_step(&mut self) -> Option<Event> {
        let bytes = self.buf.as_bytes();
        let (body, consumed, finished) = match find(bytes, PASTE_END) {
            Some(i) => (i, i + PASTE_END.len(), true),
            None => {
                // Keep a tail that could be the start of the end marker.
                let keep = (1..PASTE_END.len())
                    .rev()
                    .find(|&k| bytes.len() >= k && bytes.ends_with(&PASTE_END[..k]))
                    .unwrap_or(0);
                let body = bytes.len() - keep;
                (body, body, false)
            }
        };
        if body == 0 && !finished {
            return None;
        }
        if let Some(Some(page)) = &mut self.paste
            && page.extend_from_slice(&bytes[..body]).is_err()
        {
            // Dropping the page wipes it.
            self.paste = Some(None);
        }
        self.buf.consume(consumed);
        if !finished {
            return None;
        }
        Some(match self.paste.take().flatten() {
            None => Event::PasteRejected(PasteError::TooLong),
            Some(page) => match page.into_text() {
                Ok(text) => Event::Paste(text),
                Err(_wiped_on_drop) => Event::PasteRejected(PasteError::NotText),
            },
        })
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn key(n: usize, k: Key) -> Step {
    Step::Done(n, Some(Event::Key(k)))
}

/// Decodes one key at the front of `b` (never empty).
fn decode(b: &[u8]) -> Step {
    match b[0] {
        0x1b => decode_escape(b),
        b'\r' | b'\n' => key(1, Key::Enter),
        0x7f | 0x08 => key(1, Key::Backspace),
        b'\t' => key(1, Key::Tab),
        c @ 0x01..=0x1a => key(1, Key::Ctrl((b'a' + c - 1) as char)),
        0x00 | 0x1c..=0x1f => Step::Done(1, None),
        _ => match decode_utf8(b) {
            Some(Ok((c, n))) => key(n, Key::Char(c)),
            Some(Err(n)) => Step::Done(n, None),
            None => Step::NeedMore,
        },
    }
}

/// One UTF-8 character: `Ok((char, len))`, `Err(len)` for bytes to skip, `None` when incomplete.
fn decode_utf8(b: &[u8]) -> Option<Result<(char, usize), usize>> {
    let len = match b[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Some(Err(1)),
    };
    if b.len() < len {
        // Reject early when a continuation byte is already wrong.
        if b[1..].iter().any(|&x| x & 0xc0 != 0x80) {
            return Some(Err(1));
        }
        return None;
    }
    match std::str::from_utf8(&b[..len]) {
        Ok(s) => s.chars().next().map(|c| Ok((c, len))),
        Err(_) => Some(Err(1)),
    }
}

fn decode_escape(b: &[u8]) -> Step {
    let Some(&second) = b.get(1) else {
        return Step::NeedMore;
    };
    match second {
        b'[' => decode_csi(b),
        b'O' => match b.get(2) {
            None => Step::NeedMore,
            Some(&c) => {
                let k = match c {
                    b'A' => Key::Up,
                    b'B' => Key::Down,
                    b'C' => Key::Right,
                    b'D' => Key::Left,
                    b'H' => Key::Home,
                    b'F' => Key::End,
                    b'P' => Key::F(1),
                    b'Q' => Key::F(2),
                    b'R' => Key::F(3),
                    b'S' => Key::F(4),
                    b'M' => Key::Enter,
                    _ => Key::Unknown,
                };
                key(3, k)
            }
        },
        // ESC ESC: the first is a key of its own.
        0x1b => key(1, Key::Esc),
        _ => match decode_utf8(&b[1..]) {
            Some(Ok((c, n))) if !c.is_control() => key(1 + n, Key::Alt(c)),
            Some(Ok((_, n))) | Some(Err(n)) => key(1 + n, Key::Unknown),
            None => Step::NeedMore,
        },
    }
}

fn decode_csi(b: &[u8]) -> Step {
    // The Linux console sends F1-F5 as ESC [ [ A..E.
    if b.get(2) == Some(&b'[') {
        return match b.get(3) {
            None => Step::NeedMore,
            Some(&c @ b'A'..=b'E') => key(4, Key::F(c - b'A' + 1)),
            Some(_) => key(4, Key::Unknown),
        };
    }
    let Some(end) = b[2..].iter().position(|&c| (0x40..=0x7e).contains(&c)) else {
        if b.len() > MAX_SEQ || b[2..].iter().any(|&c| !(0x20..=0x3f).contains(&c)) {
            return key(b.len(), Key::Unknown);
        }
        return Step::NeedMore;
    };
    let n = 2 + end + 1;
    let params = &b[2..2 + end];
    let first: Option<u16> = params
        .split(|&c| c == b';')
        .next()
        .and_then(|p| std::str::from_utf8(p).ok())
        .and_then(|p| p.parse().ok());
    let k = match b[2 + end] {
        b'A' => Key::Up,
        b'B' => Key::Down,
        b'C' => Key::Right,
        b'D' => Key::Left,
        b'H' => Key::Home,
        b'F' => Key::End,
        b'Z' => Key::BackTab,
        b'P' => Key::F(1),
        b'~' => match first {
            Some(1 | 7) => Key::Home,
            Some(2) => Key::Insert,
            Some(3) => Key::Delete,
            Some(4 | 8) => Key::End,
            Some(5) => Key::PageUp,
            Some(6) => Key::PageDown,
            Some(11) => Key::F(1),
            Some(12) => Key::F(2),
            Some(13) => Key::F(3),
            Some(14) => Key::F(4),
            // Paste start is handled by the caller (it is a mode, not a key).
            Some(200) => return Step::NeedMore,
            // A stray paste end: nothing to report.
            Some(201) => return Step::Done(n, None),
            _ => Key::Unknown,
        },
        _ => Key::Unknown,
    };
    key(n, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(p: &mut InputParser) -> Vec<Key> {
        p.events()
            .into_iter()
            .map(|e| match e {
                Event::Key(k) => k,
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    fn parse(bytes: &[u8]) -> Vec<Key> {
        let mut p = InputParser::new();
        p.feed(bytes);
        let mut k = keys(&mut p);
        k.extend(p.flush_pending().into_iter().map(|e| match e {
            Event::Key(k) => k,
            other => panic!("unexpected {other:?}"),
        }));
        k
    }

    #[test]
    fn plain_keys() {
        use Key::*;
        assert_eq!(
            parse(b"aZ\r\n\x7f\x08\t\x03\x15\x12"),
            [
                Char('a'),
                Char('Z'),
                Enter,
                Enter,
                Backspace,
                Backspace,
                Tab,
                Ctrl('c'),
                Ctrl('u'),
                Ctrl('r')
            ]
        );
        assert_eq!(
            parse("é한🙂".as_bytes()),
            [Char('é'), Char('한'), Char('🙂')]
        );
        assert_eq!(parse(b"\x00\x1c"), []);
        assert_eq!(parse(b"\xffa"), [Char('a')]);
    }

    #[test]
    fn escape_sequences_in_both_forms() {
        use Key::*;
        let cases: &[(&[u8], Key)] = &[
            (b"\x1b[A", Up),
            (b"\x1b[B", Down),
            (b"\x1b[C", Right),
            (b"\x1b[D", Left),
            (b"\x1bOA", Up),
            (b"\x1bOB", Down),
            (b"\x1b[1;5A", Up),
            (b"\x1b[H", Home),
            (b"\x1b[F", End),
            (b"\x1bOH", Home),
            (b"\x1bOF", End),
            (b"\x1b[1~", Home),
            (b"\x1b[7~", Home),
            (b"\x1b[4~", End),
            (b"\x1b[8~", End),
            (b"\x1b[3~", Delete),
            (b"\x1b[5~", PageUp),
            (b"\x1b[6~", PageDown),
            (b"\x1b[2~", Insert),
            (b"\x1bOP", F(1)),
            (b"\x1b[11~", F(1)),
            (b"\x1b[[A", F(1)),
            (b"\x1b[1P", F(1)),
            (b"\x1b[Z", BackTab),
            (b"\x1bx", Alt('x')),
            (b"\x1b[99~", Unknown),
        ];
        for (bytes, want) in cases {
            assert_eq!(parse(bytes), [*want], "{bytes:?}");
        }
    }

    #[test]
    fn lone_escape_waits_then_is_esc() {
        let mut p = InputParser::new();
        p.feed(b"\x1b");
        assert!(keys(&mut p).is_empty());
        assert!(p.has_pending());
        let ev = p.flush_pending();
        assert!(matches!(ev[..], [Event::Key(Key::Esc)]));
        assert!(!p.has_pending());
        // ESC ESC is two Esc keys; ESC followed by an incomplete CSI flushes as Esc then text.
        assert_eq!(parse(b"\x1b\x1b"), [Key::Esc, Key::Esc]);
        assert_eq!(parse(b"\x1b["), [Key::Esc, Key::Char('[')]);
    }

    #[test]
    fn sequences_split_across_reads() {
        let mut p = InputParser::new();
        for (chunk, want) in [
            (&b"\x1b"[..], vec![]),
            (b"[", vec![]),
            (b"5", vec![]),
            (b"~a\x1bO", vec![Key::PageUp, Key::Char('a')]),
            (b"A\xc3", vec![Key::Up]),
            (b"\xa9", vec![Key::Char('é')]),
        ] {
            p.feed(chunk);
            assert_eq!(keys(&mut p), want, "{chunk:?}");
        }
        assert!(!p.has_pending());
    }

    #[test]
    fn bracketed_paste_in_one_read() {
        let mut p = InputParser::new();
        p.feed(b"x\x1b[200~secret/Key+1\x1b[201~y");
        let ev = p.events();
        assert!(matches!(ev[0], Event::Key(Key::Char('x'))));
        match &ev[1] {
            Event::Paste(t) => assert_eq!(t.expose(), "secret/Key+1"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(ev[2], Event::Key(Key::Char('y'))));
        assert_eq!(ev.len(), 3);
    }

    #[test]
    fn bracketed_paste_split_everywhere() {
        let input = b"\x1b[200~ab\x1b[Ac\x1b[201~\r";
        // Every way of cutting the input in two (and byte by byte) gives the same result.
        let mut splits: Vec<Vec<&[u8]>> = (1..input.len())
            .map(|i| vec![&input[..i], &input[i..]])
            .collect();
        splits.push(input.chunks(1).collect());
        for chunks in splits {
            let mut p = InputParser::new();
            let mut ev = Vec::new();
            for c in &chunks {
                p.feed(c);
                ev.extend(p.events());
            }
            assert_eq!(ev.len(), 2, "{chunks:?}");
            match &ev[0] {
                // Escape sequences inside a paste are text, not keys.
                Event::Paste(t) => assert_eq!(t.expose(), "ab\x1b[Ac"),
                other => panic!("{other:?}"),
            }
            assert!(matches!(ev[1], Event::Key(Key::Enter)));
            // The input page holds nothing after everything is consumed.
            assert!(p.buf.is_empty());
        }
    }

    #[test]
    fn oversize_and_binary_pastes_are_rejected() {
        let mut p = InputParser::new();
        p.feed(PASTE_START);
        assert!(p.events().is_empty());
        for _ in 0..5 {
            p.feed(&[b'a'; 1000]);
            assert!(p.events().is_empty());
        }
        p.feed(PASTE_END);
        assert!(matches!(
            p.events()[..],
            [Event::PasteRejected(PasteError::TooLong)]
        ));
        p.feed(b"\x1b[200~\xff\xfe\x1b[201~");
        assert!(matches!(
            p.events()[..],
            [Event::PasteRejected(PasteError::NotText)]
        ));
        // A stray end marker is ignored.
        p.feed(PASTE_END);
        assert!(p.events().is_empty());
    }

    #[test]
    fn consumed_bytes_are_wiped() {
        let mut p = InputParser::new();
        p.feed(b"\x1b[200~topsecret\x1b[201~abc");
        let _ = p.events();
        assert!(p.buf.is_empty());
        // The spare tail of the page (where the bytes were) is all zero.
        assert!(p.buf.spare_mut()[..40].iter().all(|&b| b == 0));
    }

    #[test]
    fn reads_from_a_pipe() {
        use std::os::fd::AsFd;
        let (r, w) = rustix::pipe::pipe().unwrap();
        crate::sys::fdio::write_all(w.as_fd(), b"\x1b[B").unwrap();
        let mut p = InputParser::new();
        assert_eq!(p.read_from(r.as_fd()).unwrap(), 3);
        assert_eq!(keys(&mut p), [Key::Down]);
    }

    #[test]
    fn garbage_never_panics() {
        let mut p = InputParser::new();
        for i in 0..=255u8 {
            for j in [0x1b, b'[', b'O', 0xc3, b'~', i] {
                p.feed(&[0x1b, i, j]);
                let _ = p.events();
                let _ = p.flush_pending();
            }
        }
        p.feed(b"\x1b[");
        p.feed(&[b'1'; 40]);
        let _ = p.events();
        assert!(!p.has_pending() || p.buf.len() <= MAX_SEQ + 2);
    }
}
