//! The language server's transport: LSP messages framed with `Content-Length` on standard
//! input and output, as `lsp-server`'s own stdio transport frames them, with what a server
//! facing any client needs besides: a message larger than [`MAX_MESSAGE`] is skipped
//! (read and dropped in pieces, never allocated: a length of 2⁶² aborted the process), and a
//! lone UTF-16 surrogate in a JSON string (what `JSON.stringify` writes for half an emoji) is
//! read as U+FFFD instead of ending the session.

use std::io::{self, BufRead, Read};
use std::thread;

use crossbeam_channel::{bounded, Sender};
use lsp_server::{Connection, Message};

/// The largest message read: far above any document an editor sends.
pub const MAX_MESSAGE: usize = 256 << 20;

/// The reader and writer threads of a connection.
pub struct Threads {
    reader: thread::JoinHandle<io::Result<()>>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl Threads {
    /// Waits for both; the reader's error (what was wrong with the input) comes first.
    pub fn join(self) -> io::Result<()> {
        let read = self
            .reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the reader stopped")));
        let written = self
            .writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer stopped")));
        read.and(written)
    }
}

/// A connection over standard input and output.
pub fn stdio() -> (Connection, Threads) {
    let (to_writer, from_server) = bounded::<Message>(0);
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        for m in from_server {
            m.write(&mut out)?;
        }
        Ok(())
    });
    let (to_server, from_reader) = bounded::<Message>(0);
    let reader = thread::spawn(move || read_all(&mut io::stdin().lock(), &to_server));
    (
        Connection {
            sender: to_writer,
            receiver: from_reader,
        },
        Threads { reader, writer },
    )
}

/// Reads messages until the end of input (or an `exit`), sending each to the server.
pub fn read_all(input: &mut impl BufRead, to: &Sender<Message>) -> io::Result<()> {
    read_all_with(input, to, MAX_MESSAGE)
}

/// [`read_all`] with `max` bytes at most per message.
fn read_all_with(input: &mut impl BufRead, to: &Sender<Message>, max: usize) -> io::Result<()> {
    loop {
        let Some(len) = header(input)? else {
            return Ok(());
        };
        if len > max {
            // Skipped, not allocated.
            let skipped = io::copy(&mut input.by_ref().take(len as u64), &mut io::sink())?;
            if (skipped as usize) < len {
                return Ok(());
            }
            eprintln!("verify lsp: skipped a message of {len} bytes (at most {max})");
            continue;
        }
        let mut body = vec![0; len];
        input.read_exact(&mut body)?;
        let text = String::from_utf8(body).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("malformed LSP payload: {e}"),
            )
        })?;
        let msg: Message = serde_json::from_str(&lone_surrogates(&text)).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("malformed LSP payload: {e}"),
            )
        })?;
        let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
        if to.send(msg).is_err() || exit {
            return Ok(());
        }
    }
}

/// The `Content-Length` of the next message, `None` at the end of input.
fn header(input: &mut impl BufRead) -> io::Result<Option<usize>> {
    let mut len = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.by_ref().take(8 << 10).read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if !line.ends_with('\n') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "malformed header: a line without its end",
            ));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let Some((name, value)) = l.split_once(": ") else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("malformed header: {l:?}"),
            ));
        };
        if name.eq_ignore_ascii_case("Content-Length") {
            len = Some(value.trim().parse::<usize>().map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("malformed header: {l:?}"),
                )
            })?);
        }
    }
    len.map(Some)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no Content-Length header"))
}

/// JSON text with each `\uD800`–`\uDFFF` escape that is not half of a pair made `\uFFFD`.
fn lone_surrogates(json: &str) -> std::borrow::Cow<'_, str> {
    if !json.contains("\\u") {
        return std::borrow::Cow::Borrowed(json);
    }
    let b = json.as_bytes();
    let hex = |at: usize| -> Option<u32> {
        let s = json.get(at..at + 4)?;
        u32::from_str_radix(s, 16).ok()
    };
    let mut out = String::with_capacity(json.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            if b[i + 1] == b'u' {
                if let Some(u) = hex(i + 2) {
                    let pair = (0xD800..0xDC00).contains(&u)
                        && b.get(i + 6) == Some(&b'\\')
                        && b.get(i + 7) == Some(&b'u')
                        && hex(i + 8).is_some_and(|l| (0xDC00..0xE000).contains(&l));
                    if pair {
                        i += 12;
                        continue;
                    }
                    if (0xD800..0xE000).contains(&u) {
                        out.push_str(&json[last..i]);
                        out.push_str("\\uFFFD");
                        i += 6;
                        last = i;
                        continue;
                    }
                    i += 6;
                    continue;
                }
            }
            // Any other escape: the character after the backslash is not a new escape.
            i += 2;
            continue;
        }
        i += 1;
    }
    if last == 0 {
        return std::borrow::Cow::Borrowed(json);
    }
    out.push_str(&json[last..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(
            lone_surrogates(r#"{"t":"a\ud83db"}"#),
            r#"{"t":"a\uFFFDb"}"#
        );
        assert_eq!(
            lone_surrogates(r#"{"t":"\ud83d\ude00"}"#),
            r#"{"t":"\ud83d\ude00"}"#
        );
        assert_eq!(lone_surrogates(r#"{"t":"\\ud83d"}"#), r#"{"t":"\\ud83d"}"#);
        assert_eq!(lone_surrogates(r#"{"t":"\ude00x"}"#), r#"{"t":"\uFFFDx"}"#);
    }

    #[test]
    fn oversized_messages_are_skipped_not_allocated() {
        let (tx, rx) = crossbeam_channel::unbounded();
        let small = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Length: 101\r\n\r\n{}Content-Length: {}\r\n\r\n{small}",
            "x".repeat(101),
            small.len()
        );
        read_all_with(&mut io::Cursor::new(input.into_bytes()), &tx, 100).unwrap();
        let got: Vec<Message> = rx.try_iter().collect();
        assert_eq!(got.len(), 1);
        // A length far past the input ends the session quietly: nothing is allocated.
        let huge = "Content-Length: 4611686018427387904\r\n\r\n{}";
        read_all(&mut io::Cursor::new(huge.as_bytes().to_vec()), &tx).unwrap();
    }
}
