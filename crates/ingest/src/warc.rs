//! WARC files (ISO 28500, versions 1.0 and 1.1), read record by record: a version line,
//! header lines, a blank line, `Content-Length` bytes of block, then two line ends. `.warc.gz`
//! is one gzip member per record, which the caller's `MultiGzDecoder` turns into the same
//! stream. Only `response` records of HTML pages become articles.

use crate::dates::parse_date;
use crate::read::read_line_capped;
use flate2::read::MultiGzDecoder;
use newsindex_core::Date;
use std::io::{self, BufRead, Read};

/// Longest WARC or HTTP header line kept; real ones are well under a kilobyte.
const MAX_HEADER_LINE: usize = 64 << 10;
/// Most header lines in one record.
const MAX_HEADERS: usize = 1024;

/// One WARC record: where it starts, its headers and its block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    /// 1-based number of the record in the file.
    pub number: usize,
    /// Byte offset of its version line in the (decompressed) stream.
    pub offset: u64,
    /// Header names (as written) and values.
    pub headers: Vec<(String, String)>,
    /// The block: for a `response`, the HTTP response as received.
    pub block: Vec<u8>,
}

impl Record {
    fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// What reading the next record gave.
#[derive(Debug)]
pub(crate) enum Next {
    /// A whole record.
    Record(Record),
    /// A record that cannot be used; reading goes on with the next one.
    Bad {
        number: usize,
        offset: u64,
        reason: String,
    },
    /// The stream cannot be read further (truncated or corrupt gzip); this is the last item.
    Failed {
        number: usize,
        offset: u64,
        error: io::Error,
    },
    /// End of the file.
    End,
}

/// Streams records from a WARC file; only one record's block is held at a time.
pub(crate) struct Reader<R> {
    inner: R,
    offset: u64,
    number: usize,
    max_block: u64,
    line: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Reader<R> {
    /// A reader that refuses (and skips) blocks longer than `max_block` bytes.
    pub fn new(inner: R, max_block: u64) -> Reader<R> {
        Reader {
            inner,
            offset: 0,
            number: 0,
            max_block,
            line: Vec::new(),
            done: false,
        }
    }

    /// Reads one line (without its end) and counts its bytes; `None` at the end.
    fn line(&mut self) -> io::Result<Option<bool>> {
        let mut counted = CountingRead(&mut self.inner, &mut self.offset);
        read_line_capped(&mut counted, &mut self.line, MAX_HEADER_LINE)
    }

    /// The next record, a bad one, or the end.
    pub fn next_record(&mut self) -> Next {
        if self.done {
            return Next::End;
        }
        let next = self.read_record();
        if matches!(next, Next::Failed { .. } | Next::End) {
            self.done = true;
        }
        next
    }

    fn read_record(&mut self) -> Next {
        // Blank lines between records (the two line ends after each block, or extra ones).
        let start = loop {
            let at = self.offset;
            match self.line() {
                Ok(None) => return Next::End,
                Ok(Some(_)) if self.line.iter().all(u8::is_ascii_whitespace) => {}
                Ok(Some(_)) => break at,
                // The stream broke before the next record: name that record.
                Err(error) => {
                    return Next::Failed {
                        number: self.number + 1,
                        offset: at,
                        error,
                    }
                }
            }
        };
        self.number += 1;
        let number = self.number;
        if !self.line.starts_with(b"WARC/") {
            // Not a record start: skip to the next line that is one.
            let reason = "not a WARC record (no WARC/1.x version line); skipped to the next record";
            return match self.resync() {
                Ok(()) => Next::Bad {
                    number,
                    offset: start,
                    reason: reason.to_string(),
                },
                Err(error) => self.failed(start, error),
            };
        }
        let mut headers = Vec::new();
        loop {
            match self.line() {
                Ok(None) => {
                    return Next::Bad {
                        number,
                        offset: start,
                        reason: "record cut off in its headers".to_string(),
                    }
                }
                Ok(Some(oversized)) => {
                    if self.line.is_empty() && !oversized {
                        break;
                    }
                    if oversized || headers.len() >= MAX_HEADERS {
                        return self.bad_then_resync(number, start, "record headers too long");
                    }
                    let line = String::from_utf8_lossy(&self.line);
                    match line.split_once(':') {
                        Some((name, value)) => {
                            headers.push((name.trim().to_string(), value.trim().to_string()))
                        }
                        // A continuation line (leading space) extends the previous value.
                        None if line.starts_with([' ', '\t']) && !headers.is_empty() => {
                            let last = headers.len() - 1;
                            headers[last].1.push(' ');
                            headers[last].1.push_str(line.trim());
                        }
                        None => {
                            return self.bad_then_resync(number, start, "malformed record header")
                        }
                    }
                }
                Err(error) => return self.failed(start, error),
            }
        }
        let Some(length) = header(&headers, "Content-Length").and_then(|v| v.parse::<u64>().ok())
        else {
            return self.bad_then_resync(number, start, "record without a valid Content-Length");
        };
        if length > self.max_block {
            return match self.skip(length) {
                Ok(true) => Next::Bad {
                    number,
                    offset: start,
                    reason: format!("record larger than {} MiB; skipped", self.max_block >> 20),
                },
                Ok(false) => self.cut_off(number, start),
                Err(error) => self.failed(start, error),
            };
        }
        let mut block = Vec::with_capacity(usize::try_from(length.min(1 << 20)).unwrap_or(0));
        match (&mut self.inner).take(length).read_to_end(&mut block) {
            Ok(read) => self.offset += read as u64,
            Err(error) => return self.failed(start, error),
        }
        if (block.len() as u64) < length {
            return self.cut_off(number, start);
        }
        Next::Record(Record {
            number,
            offset: start,
            headers,
            block,
        })
    }

    fn failed(&mut self, offset: u64, error: io::Error) -> Next {
        Next::Failed {
            number: self.number,
            offset,
            error,
        }
    }

    fn cut_off(&mut self, number: usize, offset: u64) -> Next {
        self.done = true;
        Next::Bad {
            number,
            offset,
            reason: "record cut off before the end of its block".to_string(),
        }
    }

    fn bad_then_resync(&mut self, number: usize, offset: u64, reason: &str) -> Next {
        match self.resync() {
            Ok(()) => Next::Bad {
                number,
                offset,
                reason: format!("{reason}; skipped to the next record"),
            },
            Err(error) => self.failed(offset, error),
        }
    }

    /// Skips lines up to the next one that starts a record, found by peeking at the buffer
    /// so that it is left to be read as a record.
    fn resync(&mut self) -> io::Result<()> {
        loop {
            let buffer = self.inner.fill_buf()?;
            if buffer.is_empty() || buffer.starts_with(b"WARC/") {
                return Ok(());
            }
            self.line()?;
        }
    }

    /// Consumes `length` bytes; false when the stream ended first.
    fn skip(&mut self, length: u64) -> io::Result<bool> {
        let skipped = io::copy(&mut (&mut self.inner).take(length), &mut io::sink())?;
        self.offset += skipped;
        Ok(skipped == length)
    }
}

/// Counts the bytes consumed from a buffered reader.
struct CountingRead<'a, R>(&'a mut R, &'a mut u64);

impl<R: Read> Read for CountingRead<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.0.read(buf)?;
        *self.1 += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for CountingRead<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.0.fill_buf()
    }
    fn consume(&mut self, amount: usize) {
        *self.1 += amount as u64;
        self.0.consume(amount);
    }
}

/// An HTML page found in a `response` record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date`: when the page was fetched, used when the page gives no date.
    pub date: Option<Date>,
    /// The charset of the HTTP `Content-Type`.
    pub charset: Option<String>,
    /// The HTTP body, de-chunked and decompressed.
    pub body: Vec<u8>,
}

/// The HTML page of a record: `None` for records that are not pages (requests, metadata,
/// images, redirects, errors), an error for a page record that cannot be read.
pub(crate) fn page(record: &Record, max_body: u64) -> Option<Result<Page, String>> {
    if !record
        .header("WARC-Type")
        .is_some_and(|kind| kind.eq_ignore_ascii_case("response"))
    {
        return None;
    }
    let block = &record.block;
    let Some((head, body)) = split_head(block) else {
        return Some(Err("response record without HTTP headers".to_string()));
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let code = status.split_whitespace().nth(1);
    if !status.starts_with("HTTP/") || code.is_none() {
        return Some(Err(format!(
            "response record without an HTTP status line ({:?})",
            status.chars().take(40).collect::<String>()
        )));
    }
    // Redirects, errors and empty responses are not articles.
    if !code.is_some_and(|code| code.starts_with('2')) {
        return None;
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect();
    let content_type = header(&headers, "Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let mime = content_type.split(';').next().unwrap_or("").trim();
    if !matches!(mime, "text/html" | "application/xhtml+xml") {
        return None;
    }
    let charset = content_type
        .split(';')
        .filter_map(|part| part.trim().strip_prefix("charset="))
        .map(|value| value.trim_matches(['"', '\'', ' ']).to_string())
        .find(|value| !value.is_empty());
    let chunked = header(&headers, "Transfer-Encoding")
        .is_some_and(|value| value.to_ascii_lowercase().contains("chunked"));
    // Some crawlers store the body already de-chunked but keep the header: a body that does
    // not parse as chunks is taken as it is.
    let body = match chunked.then(|| dechunk(body)).flatten() {
        Some(body) => body,
        None => body.to_vec(),
    };
    let body = match header(&headers, "Content-Encoding").map(str::to_ascii_lowercase) {
        None => body,
        Some(encoding) if encoding == "identity" => body,
        Some(encoding) if encoding == "gzip" || encoding == "x-gzip" => {
            let mut plain = Vec::new();
            match MultiGzDecoder::new(&body[..])
                .take(max_body.saturating_add(1))
                .read_to_end(&mut plain)
            {
                Ok(_) if plain.len() as u64 > max_body => {
                    return Some(Err(format!(
                        "page larger than {} MiB once decompressed",
                        max_body >> 20
                    )))
                }
                Ok(_) => plain,
                Err(err) => {
                    return Some(Err(format!(
                        "bad gzip content encoding: {}",
                        err.to_string().to_lowercase()
                    )))
                }
            }
        }
        Some(encoding) => {
            return Some(Err(format!("unsupported content encoding {encoding:?}")));
        }
    };
    Some(Ok(Page {
        url: record.header("WARC-Target-URI").map(|uri| {
            // WARC 1.0 examples write the URI in angle brackets.
            uri.trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        }),
        date: record.header("WARC-Date").and_then(parse_date),
        charset,
        body,
    }))
}

/// The HTTP head and body, split at the first blank line (CRLF or bare LF).
fn split_head(block: &[u8]) -> Option<(&[u8], &[u8])> {
    let crlf = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| (at, 4));
    let lf = block
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|at| (at, 2));
    let (at, skip) = match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some((&block[..at], &block[at + skip..]))
}

/// Removes HTTP/1.1 chunked transfer encoding; `None` when the chunks are malformed.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_field = std::str::from_utf8(&body[..end]).ok()?;
        let size_field = size_field.split(';').next()?.trim();
        let size = usize::from_str_radix(size_field, 16).ok()?;
        body = &body[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

/// The charset an HTML page declares in its first bytes (`<meta charset>` or the
/// `http-equiv` form), which takes precedence over the HTTP header.
pub(crate) fn meta_charset(body: &[u8]) -> Option<String> {
    let head = &body[..body.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")?;
    let value: String = head[at + "charset=".len()..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty() && head[..at].contains("<meta")).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(stream: &[u8], max_block: u64) -> Vec<Next> {
        let mut reader = Reader::new(stream, max_block);
        let mut all = Vec::new();
        loop {
            match reader.next_record() {
                Next::End => return all,
                next => all.push(next),
            }
        }
    }

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut bytes = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-04-05T06:07:08Z\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        bytes.extend_from_slice(block);
        bytes.extend_from_slice(b"\r\n\r\n");
        bytes
    }

    const HTTP: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n<html><p>Caf\xE9</p></html>";

    #[test]
    fn reads_records_in_order_with_offsets() {
        let first = record("warcinfo", "", b"software: test\r\n");
        let second = record("response", "https://example.org/a", HTTP);
        let stream = [first.clone(), second].concat();
        let got = records(&stream, 1 << 20);
        assert_eq!(got.len(), 2);
        let Next::Record(record) = &got[1] else {
            panic!("{got:?}")
        };
        assert_eq!((record.number, record.offset), (2, first.len() as u64));
        assert_eq!(record.block, HTTP);
        let page = page(record, 1 << 20).unwrap().unwrap();
        assert_eq!(page.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(page.charset.as_deref(), Some("windows-1252"));
        assert_eq!(page.body, b"<html><p>Caf\xE9</p></html>");
        assert_eq!(page.date, parse_date("2023-04-05"));
        let Next::Record(info) = &got[0] else {
            panic!()
        };
        assert!(super::page(info, 1 << 20).is_none());
    }

    #[test]
    fn bad_and_oversized_records_are_reported_and_reading_goes_on() {
        let good = record("response", "https://example.org/b", HTTP);
        let big = record("response", "https://example.org/big", &[b'x'; 5000]);
        let mut stream = b"garbage line\r\nmore\r\n".to_vec();
        stream.extend_from_slice(&big);
        stream.extend_from_slice(
            b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: nope\r\n\r\nxx\r\n\r\n",
        );
        stream.extend_from_slice(&good);
        let got = records(&stream, 1000);
        let summary: Vec<String> = got
            .iter()
            .map(|next| match next {
                Next::Record(r) => format!("record {}", r.number),
                Next::Bad { number, reason, .. } => format!("bad {number}: {reason}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "bad 1: not a WARC record (no WARC/1.x version line); skipped to the next record",
                "bad 2: record larger than 0 MiB; skipped",
                "bad 3: record without a valid Content-Length; skipped to the next record",
                "record 4",
            ]
        );
    }

    #[test]
    fn truncated_record_ends_the_file() {
        let good = record("response", "https://example.org/b", HTTP);
        let stream = [good.clone(), good[..good.len() - 30].to_vec()].concat();
        let got = records(&stream, 1 << 20);
        assert!(matches!(got[0], Next::Record(_)));
        assert!(
            matches!(&got[1], Next::Bad { number: 2, offset, reason } if *offset == good.len() as u64 && reason.contains("cut off")),
            "{got:?}"
        );
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn http_bodies_are_dechunked_decompressed_and_filtered() {
        let chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>ab\r\n4;x=y\r\ncd</\r\n2\r\np>\r\n0\r\n\r\n";
        let rec = |block: &[u8]| Record {
            number: 1,
            offset: 0,
            headers: vec![("WARC-Type".into(), "response".into())],
            block: block.to_vec(),
        };
        assert_eq!(
            page(&rec(chunked), 1 << 20).unwrap().unwrap().body,
            b"<p>abcd</p>"
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"<p>zipped</p>").unwrap();
        let mut block =
            b"HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: gzip\n\n".to_vec();
        block.extend_from_slice(&gz.finish().unwrap());
        assert_eq!(
            page(&rec(&block), 1 << 20).unwrap().unwrap().body,
            b"<p>zipped</p>"
        );
        for skipped in [
            &b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n"[..],
            &b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG"[..],
        ] {
            assert!(page(&rec(skipped), 1 << 20).is_none());
        }
        assert!(page(&rec(b"no head at all"), 1 << 20).unwrap().is_err());
        let not_chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n<p>plain</p>";
        assert_eq!(
            page(&rec(not_chunked), 1 << 20).unwrap().unwrap().body,
            b"<p>plain</p>"
        );
    }

    #[test]
    fn meta_charset_is_found() {
        assert_eq!(
            meta_charset(b"<html><head><meta charset=\"VISCII\">").as_deref(),
            Some("viscii")
        );
        assert_eq!(
            meta_charset(
                b"<meta http-equiv=Content-Type content='text/html; charset=windows-1258'>"
            )
            .as_deref(),
            Some("windows-1258")
        );
        assert_eq!(meta_charset(b"<p>charset=utf-8 in text</p>"), None);
    }
}
