//! A streaming CSV record splitter over UTF-8 bytes.
//!
//! Complete records are read straight from the pushed chunk without a copy;
//! only the record cut by a chunk boundary is carried over. Quoted fields
//! (with `""` escapes and embedded line breaks), CRLF, LF and bare CR line
//! ends are handled. Fields are handed out as byte ranges, so a row costs
//! no allocation.

use memchr::memchr;

use crate::error::{Error, ErrorKind, Position, Result};

/// A record longer than this means an opening quote that is never closed.
const MAX_RECORD_BYTES: usize = 4 * 1024 * 1024;

/// One record: its bytes and each field's range in them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextRecord<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) fields: &'a [(usize, usize)],
}

impl<'a> TextRecord<'a> {
    /// The `index`-th field (empty when the record is shorter).
    #[inline]
    pub(crate) fn field(&self, index: usize) -> &'a [u8] {
        match self.fields.get(index) {
            Some(&(start, end)) => &self.bytes[start..end],
            None => &[],
        }
    }

    /// Number of fields.
    pub(crate) fn len(&self) -> usize {
        self.fields.len()
    }
}

/// Result of trying to read one record at the start of a slice.
enum Parsed {
    /// A record that ends at this offset (after its terminator).
    Complete { end: usize, line_breaks: u64 },
    /// The slice ends before the record does.
    Incomplete,
}

/// Splits a stream of UTF-8 bytes into records.
pub(crate) struct Splitter {
    delimiter: u8,
    terminator: u8,
    carry: Vec<u8>,
    /// Physical lines before the next record.
    lines_done: u64,
    fields: Vec<(usize, usize)>,
    escaped: Vec<bool>,
    unescaped: Vec<u8>,
    unescaped_fields: Vec<(usize, usize)>,
    file_name: Option<String>,
}

impl Splitter {
    pub(crate) fn new(delimiter: u8, terminator: u8, file_name: Option<String>) -> Self {
        Splitter {
            delimiter,
            terminator,
            carry: Vec::new(),
            lines_done: 0,
            fields: Vec::with_capacity(32),
            escaped: Vec::with_capacity(32),
            unescaped: Vec::new(),
            unescaped_fields: Vec::new(),
            file_name,
        }
    }

    /// Feed the next UTF-8 chunk; `sink` receives each complete record with
    /// its first line number (1-based). With `last`, the final record
    /// without a line end is emitted too.
    pub(crate) fn feed<F>(&mut self, input: &[u8], last: bool, sink: &mut F) -> Result<()>
    where
        F: FnMut(u64, TextRecord<'_>),
    {
        let mut taken = 0;
        if !self.carry.is_empty() {
            // Complete the carried record, appending only what it needs.
            let newline = memchr(self.terminator, input);
            if newline.is_none() && !last {
                self.carry.extend_from_slice(input);
                return self.check_length();
            }
            taken = newline.map_or(input.len(), |i| i + 1);
            self.carry.extend_from_slice(&input[..taken]);
            let mut carry = std::mem::take(&mut self.carry);
            match self.parse(&carry, last && taken == input.len()) {
                Parsed::Complete { end, line_breaks } => {
                    // Nothing before the terminator just appended could end
                    // the record, so `end` is the whole carry.
                    self.emit(&carry[..end], line_breaks, sink);
                    carry.clear();
                    self.carry = carry;
                }
                Parsed::Incomplete => {
                    // A quoted field spans lines: take the whole chunk and
                    // split what can be split.
                    carry.extend_from_slice(&input[taken..]);
                    let mut start = 0;
                    while start < carry.len() {
                        match self.parse(&carry[start..], last) {
                            Parsed::Complete { end, line_breaks } => {
                                self.emit(&carry[start..start + end], line_breaks, sink);
                                start += end;
                            }
                            Parsed::Incomplete => break,
                        }
                    }
                    carry.drain(..start);
                    self.carry = carry;
                    return self.check_length();
                }
            }
        }
        let mut start = taken;
        while start < input.len() {
            match self.parse(&input[start..], last) {
                Parsed::Complete { end, line_breaks } => {
                    self.emit(&input[start..start + end], line_breaks, sink);
                    start += end;
                }
                Parsed::Incomplete => {
                    self.carry.extend_from_slice(&input[start..]);
                    return self.check_length();
                }
            }
        }
        Ok(())
    }

    fn check_length(&self) -> Result<()> {
        if self.carry.len() > MAX_RECORD_BYTES {
            return Err(Error::new(ErrorKind::Format(
                "a record is longer than 4 MB: a quoted field (starting with \") is probably never closed".into(),
            ))
            .at(Position { file: self.file_name.clone(), line: Some(self.lines_done + 1), ..Default::default() }));
        }
        Ok(())
    }

    /// Hand one record to the sink and count its lines.
    fn emit<F>(&mut self, bytes: &[u8], line_breaks: u64, sink: &mut F)
    where
        F: FnMut(u64, TextRecord<'_>),
    {
        let line = self.lines_done + 1;
        self.lines_done += line_breaks;
        if self.escaped.iter().any(|&escaped| escaped) {
            self.unescaped.clear();
            self.unescaped_fields.clear();
            for (&(start, end), &escaped) in self.fields.iter().zip(&self.escaped) {
                let from = self.unescaped.len();
                let field = &bytes[start..end];
                if escaped {
                    let mut previous_quote = false;
                    for &byte in field {
                        if byte == b'"' && previous_quote {
                            previous_quote = false;
                            continue;
                        }
                        previous_quote = byte == b'"';
                        self.unescaped.push(byte);
                    }
                } else {
                    self.unescaped.extend_from_slice(field);
                }
                self.unescaped_fields.push((from, self.unescaped.len()));
            }
            sink(line, TextRecord { bytes: &self.unescaped, fields: &self.unescaped_fields });
        } else {
            sink(line, TextRecord { bytes, fields: &self.fields });
        }
    }

    /// Read one record at the start of `src`.
    #[inline]
    fn parse(&mut self, src: &[u8], last: bool) -> Parsed {
        let delimiter = self.delimiter;
        let terminator = self.terminator;
        self.fields.clear();
        self.escaped.clear();
        let mut line_breaks = 0u64;
        let mut pos = 0;
        loop {
            // One field starts at `pos`.
            if src.get(pos) == Some(&b'"') {
                let start = pos + 1;
                let mut scan = start;
                let mut escaped = false;
                let close = loop {
                    match memchr(b'"', &src[scan..]) {
                        None => {
                            if !last {
                                return Parsed::Incomplete;
                            }
                            break None;
                        }
                        Some(offset) => {
                            let quote = scan + offset;
                            match src.get(quote + 1) {
                                Some(b'"') => {
                                    escaped = true;
                                    scan = quote + 2;
                                }
                                None if !last => return Parsed::Incomplete,
                                _ => break Some(quote),
                            }
                        }
                    }
                };
                let end = close.unwrap_or(src.len());
                line_breaks += memchr::memchr_iter(b'\n', &src[start..end]).count() as u64;
                if terminator == b'\r' {
                    line_breaks += memchr::memchr_iter(b'\r', &src[start..end]).count() as u64;
                }
                self.fields.push((start, end));
                self.escaped.push(escaped);
                // Whatever sits between the closing quote and the next
                // delimiter is ignored, as spreadsheets do.
                pos = match close {
                    None => src.len(),
                    Some(quote) => {
                        let mut after = quote + 1;
                        while after < src.len() && src[after] != delimiter && src[after] != terminator {
                            after += 1;
                        }
                        after
                    }
                };
            } else {
                let start = pos;
                while pos < src.len() {
                    let byte = src[pos];
                    if byte == delimiter || byte == terminator {
                        break;
                    }
                    pos += 1;
                }
                let mut end = pos;
                if pos < src.len() && terminator == b'\n' && src[pos] == b'\n' && end > start && src[end - 1] == b'\r' {
                    end -= 1;
                }
                if pos == src.len() && terminator == b'\n' && last && end > start && src[end - 1] == b'\r' {
                    end -= 1;
                }
                self.fields.push((start, end));
                self.escaped.push(false);
            }
            match src.get(pos) {
                Some(&byte) if byte == delimiter => pos += 1,
                Some(_) => {
                    // The terminator.
                    return Parsed::Complete { end: pos + 1, line_breaks: line_breaks + 1 };
                }
                None => {
                    return if last { Parsed::Complete { end: pos, line_breaks } } else { Parsed::Incomplete };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(input: &[u8], delimiter: u8, terminator: u8, chunk: usize) -> Vec<(u64, Vec<String>)> {
        let mut splitter = Splitter::new(delimiter, terminator, None);
        let mut records = Vec::new();
        let mut sink = |line: u64, record: TextRecord<'_>| {
            let fields = (0..record.len()).map(|i| String::from_utf8_lossy(record.field(i)).into_owned()).collect();
            records.push((line, fields));
        };
        let chunks: Vec<&[u8]> = input.chunks(chunk.max(1)).collect();
        for (i, part) in chunks.iter().enumerate() {
            splitter.feed(part, i + 1 == chunks.len(), &mut sink).unwrap();
        }
        if chunks.is_empty() {
            splitter.feed(&[], true, &mut sink).unwrap();
        }
        records
    }

    fn owned(fields: &[&str]) -> Vec<String> {
        fields.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn quoted_fields_and_line_ends_at_any_chunk_size() {
        let input = b"id;note;amount\r\n1;\"a;b\";2\r\n2;\"say \"\"hi\"\"\nthere\";3\r\n\r\n3;;\"4\"";
        let expected = vec![
            (1, owned(&["id", "note", "amount"])),
            (2, owned(&["1", "a;b", "2"])),
            (3, owned(&["2", "say \"hi\"\nthere", "3"])),
            (5, owned(&[""])),
            (6, owned(&["3", "", "4"])),
        ];
        for chunk in 1..=input.len() {
            assert_eq!(split(input, b';', b'\n', chunk), expected, "chunk size {chunk}");
        }
    }

    #[test]
    fn bare_carriage_returns_end_lines() {
        assert_eq!(split(b"a,b\r1,2\r", b',', b'\r', 3), vec![(1, owned(&["a", "b"])), (2, owned(&["1", "2"]))]);
    }

    #[test]
    fn unclosed_quote_runs_to_the_end() {
        assert_eq!(split(b"a,\"b\n1,2", b',', b'\n', 4), vec![(1, owned(&["a", "b\n1,2"]))]);
    }
}
