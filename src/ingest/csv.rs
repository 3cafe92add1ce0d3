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

/// Position of the first `a` or `b` in `bytes` from `start` (or its length),
/// eight bytes at a time: a byte equal to `a` becomes zero after `^ a`, and
/// `(x - 0x01..) & !x & 0x80..` flags zero bytes (its lowest flag is exact).
#[inline]
fn find_either(bytes: &[u8], start: usize, a: u8, b: u8) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (spread_a, spread_b) = (LOW * u64::from(a), LOW * u64::from(b));
    let mut position = start;
    while let Some(word) = bytes
        .get(position..)
        .and_then(|rest| rest.first_chunk::<8>())
    {
        let word = u64::from_le_bytes(*word);
        let (xa, xb) = (word ^ spread_a, word ^ spread_b);
        let found = ((xa.wrapping_sub(LOW) & !xa) | (xb.wrapping_sub(LOW) & !xb)) & HIGH;
        if found != 0 {
            return position + (found.trailing_zeros() / 8) as usize;
        }
        position += 8;
    }
    while position < bytes.len() && bytes[position] != a && bytes[position] != b {
        position += 1;
    }
    position
}

/// Bytes examined at once by [`block_masks`]: a typical record (70-80
/// bytes) takes three blocks.
const BLOCK: usize = 32;

/// Where the delimiters, terminators and double quotes are in a block:
/// bit `i` of each mask is set when byte `i` of the block is one.
#[derive(Debug, PartialEq, Eq)]
struct BlockMasks {
    delimiters: u32,
    terminators: u32,
    quotes: u32,
}

/// [`block_masks`] with SSE2: two 16-byte compares per byte kind, each
/// turned into 16 bits by `movemask`.
#[cfg(target_arch = "x86_64")]
#[inline]
fn block_masks(block: &[u8; BLOCK], delimiter: u8, terminator: u8) -> BlockMasks {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    // SAFETY: SSE2 is part of the x86-64 baseline, and the two unaligned
    // loads read exactly the 32 bytes of `block`.
    unsafe {
        let low = _mm_loadu_si128(block.as_ptr().cast());
        let high = _mm_loadu_si128(block.as_ptr().add(16).cast());
        let mask = |byte: u8| {
            let byte = _mm_set1_epi8(byte as i8);
            let low = _mm_movemask_epi8(_mm_cmpeq_epi8(low, byte)) as u32;
            let high = _mm_movemask_epi8(_mm_cmpeq_epi8(high, byte)) as u32;
            low | high << 16
        };
        BlockMasks {
            delimiters: mask(delimiter),
            terminators: mask(terminator),
            quotes: mask(b'"'),
        }
    }
}

/// [`block_masks`] with wasm SIMD (`simd128`, which `.cargo/config.toml`
/// turns on for every wasm32 build): the same two 16-byte compares as
/// SSE2, `i8x16.bitmask` standing for `movemask`. Engines compile both to
/// the SSE instructions above on x86-64, and to NEON sequences on ARM.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn block_masks(block: &[u8; BLOCK], delimiter: u8, terminator: u8) -> BlockMasks {
    use core::arch::wasm32::{u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_load};
    // SAFETY: `v128_load` allows unaligned addresses, and the two loads read
    // exactly the 32 bytes of `block`.
    let (low, high) = unsafe {
        (
            v128_load(block.as_ptr().cast::<v128>()),
            v128_load(block.as_ptr().add(16).cast::<v128>()),
        )
    };
    let mask = |byte: u8| {
        let byte = u8x16_splat(byte);
        u32::from(u8x16_bitmask(u8x16_eq(low, byte)))
            | u32::from(u8x16_bitmask(u8x16_eq(high, byte))) << 16
    };
    BlockMasks {
        delimiters: mask(delimiter),
        terminators: mask(terminator),
        quotes: mask(b'"'),
    }
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
use portable_block_masks as block_masks;

/// Portable [`block_masks`]: eight bytes at a time, exact per byte (for
/// targets without a vector path; the tests hold the vector paths to it).
#[cfg_attr(
    any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ),
    allow(dead_code)
)]
#[inline]
fn portable_block_masks(block: &[u8; BLOCK], delimiter: u8, terminator: u8) -> BlockMasks {
    let mut masks = BlockMasks {
        delimiters: 0,
        terminators: 0,
        quotes: 0,
    };
    for (index, eight) in block.chunks_exact(8).enumerate() {
        let shift = 8 * index;
        let word = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        masks.delimiters |= byte_mask(word, delimiter) << shift;
        masks.terminators |= byte_mask(word, terminator) << shift;
        masks.quotes |= byte_mask(word, b'"') << shift;
    }
    masks
}

/// Bit `i` set when byte `i` of `word` (little-endian) equals `byte`.
#[cfg_attr(
    any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ),
    allow(dead_code)
)]
#[inline]
fn byte_mask(word: u64, byte: u8) -> u32 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let x = word ^ (0x0101_0101_0101_0101 * u64::from(byte));
    // High bit of each byte: set when that byte of `x` is zero (exact, no
    // borrow between bytes, unlike the subtraction trick).
    let zero = !(((x & LOW7) + LOW7) | x) & !LOW7;
    // Gather the eight high bits into the top byte.
    ((zero >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// How many records ahead [`Event::Upcoming`] announces a record.
const RECORDS_AHEAD: usize = 16;

/// A record parsed but not yet emitted: its span in the input and fields.
#[derive(Debug, Default)]
struct Held {
    from: usize,
    to: usize,
    line_breaks: u64,
    fields: Vec<(usize, usize)>,
    escaped: Vec<bool>,
}

/// What [`Splitter::feed_events`] tells its sink.
pub(crate) enum Event<'a> {
    /// The next record to process, with its first line number.
    Record(u64, TextRecord<'a>),
    /// A record that will come a few records later.
    Upcoming(TextRecord<'a>),
}

/// Result of trying to read one record at the start of a slice.
#[derive(Debug, PartialEq, Eq)]
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
    /// Records parsed but not yet emitted (see [`Event::Upcoming`]).
    held: std::collections::VecDeque<Held>,
    /// Emptied [`Held`] buffers, reused.
    spare: Vec<Held>,
    unescaped: Vec<u8>,
    unescaped_fields: Vec<(usize, usize)>,
    file_name: Option<String>,
    /// The first quote never closed before the end of the file, whose field
    /// was then read as plain text (line, 1-based column): see
    /// [`unclosed_quote`](Self::unclosed_quote).
    unclosed_quote: Option<(u64, usize)>,
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
            held: std::collections::VecDeque::with_capacity(RECORDS_AHEAD + 1),
            spare: Vec::with_capacity(RECORDS_AHEAD + 1),
            unescaped: Vec::new(),
            unescaped_fields: Vec::new(),
            file_name,
            unclosed_quote: None,
        }
    }

    /// Where a field opened a quote that no later quote closes, when the
    /// rest of the file holds more lines (line, 1-based column). Read as a
    /// quoted field, it would swallow every later row into one cell; the
    /// splitter reads its opening quote as text instead, so those rows
    /// still count, and the ingestion says so in a note.
    pub(crate) fn unclosed_quote(&self) -> Option<(u64, usize)> {
        self.unclosed_quote
    }

    /// Feed the next UTF-8 chunk; `sink` receives each complete record with
    /// its first line number (1-based). With `last`, the final record
    /// without a line end is emitted too.
    pub(crate) fn feed<F>(&mut self, input: &[u8], last: bool, sink: &mut F) -> Result<()>
    where
        F: FnMut(u64, TextRecord<'_>),
    {
        self.feed_events(input, last, &mut |event| {
            if let Event::Record(line, record) = event {
                sink(line, record);
            }
        })
    }

    /// Like [`feed`](Self::feed), also announcing each record one record
    /// before it is handed out ([`Event::Upcoming`], with raw fields: quotes
    /// not yet unescaped), so that the sink can start loading what that
    /// record will need while the previous one is processed.
    pub(crate) fn feed_events<F>(&mut self, input: &[u8], last: bool, events: &mut F) -> Result<()>
    where
        F: FnMut(Event<'_>),
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
                // Nothing before the terminator just appended could end the
                // record, so it usually ends with the carry.
                Parsed::Complete { end, line_breaks } if end == carry.len() => {
                    self.emit(&carry[..end], line_breaks, events);
                    carry.clear();
                    self.carry = carry;
                }
                _ => {
                    // A quoted field spans lines (or, at the end of the
                    // file, a quote read as text left more records in the
                    // carry): take the whole chunk and split what can be split.
                    carry.extend_from_slice(&input[taken..]);
                    let mut start = 0;
                    while start < carry.len() {
                        match self.parse(&carry[start..], last) {
                            Parsed::Complete { end, line_breaks } => {
                                self.emit(&carry[start..start + end], line_breaks, events);
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
                    events(Event::Upcoming(TextRecord {
                        bytes: &input[start..start + end],
                        fields: &self.fields,
                    }));
                    let mut held = self.spare.pop().unwrap_or_default();
                    std::mem::swap(&mut held.fields, &mut self.fields);
                    std::mem::swap(&mut held.escaped, &mut self.escaped);
                    (held.from, held.to, held.line_breaks) = (start, start + end, line_breaks);
                    self.held.push_back(held);
                    if self.held.len() > RECORDS_AHEAD {
                        self.emit_oldest_held(input, events);
                    }
                    start += end;
                }
                Parsed::Incomplete => {
                    while !self.held.is_empty() {
                        self.emit_oldest_held(input, events);
                    }
                    self.carry.extend_from_slice(&input[start..]);
                    return self.check_length();
                }
            }
        }
        while !self.held.is_empty() {
            self.emit_oldest_held(input, events);
        }
        Ok(())
    }

    /// Emit the oldest record held back by [`feed_events`](Self::feed_events).
    fn emit_oldest_held<F>(&mut self, input: &[u8], events: &mut F)
    where
        F: FnMut(Event<'_>),
    {
        if let Some(mut held) = self.held.pop_front() {
            std::mem::swap(&mut held.fields, &mut self.fields);
            std::mem::swap(&mut held.escaped, &mut self.escaped);
            self.emit(&input[held.from..held.to], held.line_breaks, events);
            self.spare.push(held);
        }
    }

    fn check_length(&self) -> Result<()> {
        if self.carry.len() > MAX_RECORD_BYTES {
            return Err(Error::new(ErrorKind::Format(
                crate::error_messages::RECORD_TOO_LONG.into(),
            ))
            .at(Position {
                file: self.file_name.clone(),
                line: Some(self.lines_done + 1),
                ..Default::default()
            }));
        }
        Ok(())
    }

    /// Hand one record to the sink and count its lines.
    fn emit<F>(&mut self, bytes: &[u8], line_breaks: u64, events: &mut F)
    where
        F: FnMut(Event<'_>),
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
                    // Inside the quotes a quote is doubled; a single one is
                    // the closing quote (in the span only when text follows
                    // it): dropped, and the text after it kept as it is.
                    let mut quoted = true;
                    let mut index = 0;
                    while let Some(&byte) = field.get(index) {
                        index += 1;
                        if quoted && byte == b'"' {
                            if field.get(index) == Some(&b'"') {
                                index += 1;
                            } else {
                                quoted = false;
                                continue;
                            }
                        }
                        self.unescaped.push(byte);
                    }
                } else {
                    self.unescaped.extend_from_slice(field);
                }
                self.unescaped_fields.push((from, self.unescaped.len()));
            }
            events(Event::Record(
                line,
                TextRecord {
                    bytes: &self.unescaped,
                    fields: &self.unescaped_fields,
                },
            ));
        } else {
            events(Event::Record(
                line,
                TextRecord {
                    bytes,
                    fields: &self.fields,
                },
            ));
        }
    }

    /// Read one record at the start of `src`.
    #[inline]
    fn parse(&mut self, src: &[u8], last: bool) -> Parsed {
        match self.parse_unquoted(src) {
            Some(parsed) => parsed,
            None => self.parse_any(src, last),
        }
    }

    /// The common case, fast: a record without any double quote that ends
    /// well inside `src`. Field ends are found a block at a time and
    /// read off a bit mask, so a field costs a few instructions. `None`
    /// when [`parse_any`](Self::parse_any) must read the record (a quote in
    /// sight, or the end of `src` near).
    #[inline]
    fn parse_unquoted(&mut self, src: &[u8]) -> Option<Parsed> {
        self.parse_unquoted_with(src, block_masks)
    }

    /// [`parse_unquoted`](Self::parse_unquoted) with the given way of
    /// finding the bytes of interest in a block, so that the tests can hold
    /// the vector one to the portable one. A function item is zero-sized:
    /// the build's code is the same as a direct call.
    #[inline(always)]
    fn parse_unquoted_with(
        &mut self,
        src: &[u8],
        block_masks: impl Fn(&[u8; BLOCK], u8, u8) -> BlockMasks,
    ) -> Option<Parsed> {
        self.fields.clear();
        // No field is quoted, so `escaped` stays empty (see `emit`).
        self.escaped.clear();
        // Locals, so the compiler keeps the splatted bytes in registers.
        let (delimiter, terminator) = (self.delimiter, self.terminator);
        let mut field_start = 0;
        let mut offset = 0;
        while let Some(block) = src
            .get(offset..)
            .and_then(|rest| rest.first_chunk::<BLOCK>())
        {
            let masks = block_masks(block, delimiter, terminator);
            if masks.quotes != 0 {
                return None;
            }
            // Delimiters before the block's first terminator end fields.
            let first_terminator = masks.terminators & masks.terminators.wrapping_neg();
            let mut delimiters = masks.delimiters & first_terminator.wrapping_sub(1);
            while delimiters != 0 {
                let at = offset + delimiters.trailing_zeros() as usize;
                delimiters &= delimiters - 1;
                self.fields.push((field_start, at));
                field_start = at + 1;
            }
            if first_terminator != 0 {
                let at = offset + first_terminator.trailing_zeros() as usize;
                let crlf = terminator == b'\n' && at > field_start && src[at - 1] == b'\r';
                self.fields.push((field_start, at - usize::from(crlf)));
                return Some(Parsed::Complete {
                    end: at + 1,
                    line_breaks: 1,
                });
            }
            offset += BLOCK;
        }
        None
    }

    /// Whether the quote at `src[quote]`, opening a field, is never closed
    /// while more lines follow it up to the end of the file (`last`): it is
    /// then read as text (recorded for [`unclosed_quote`](Self::unclosed_quote)).
    /// `line_breaks`: those of the record before the quote.
    fn read_quote_as_text(
        &mut self,
        src: &[u8],
        quote: usize,
        last: bool,
        line_breaks: u64,
    ) -> bool {
        if !last {
            return false;
        }
        let rest = &src[quote + 1..];
        // Closed by the first quote that is not doubled, as `parse_any` reads it.
        let mut scan = 0;
        while let Some(offset) = memchr(b'"', &rest[scan..]) {
            let at = scan + offset;
            if rest.get(at + 1) != Some(&b'"') {
                return false;
            }
            scan = at + 2;
        }
        if memchr(self.terminator, rest).is_none() {
            return false;
        }
        if self.unclosed_quote.is_none() {
            let held: u64 = self.held.iter().map(|held| held.line_breaks).sum();
            let line = self.lines_done + held + line_breaks + 1;
            self.unclosed_quote = Some((line, self.fields.len() + 1));
        }
        true
    }

    /// Read one record at the start of `src`, whatever it holds.
    fn parse_any(&mut self, src: &[u8], last: bool) -> Parsed {
        let delimiter = self.delimiter;
        let terminator = self.terminator;
        self.fields.clear();
        self.escaped.clear();
        let mut line_breaks = 0u64;
        let mut pos = 0;
        loop {
            // One field starts at `pos`.
            if src.get(pos) == Some(&b'"') && !self.read_quote_as_text(src, pos, last, line_breaks)
            {
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
                // Text between the closing quote and the next delimiter is
                // kept after the quoted part, as Python's csv and pandas
                // read it: `"abc"def` is `abcdef`. The field's span then
                // runs over the closing quote, which `emit` drops.
                let (field_end, after) = match close {
                    None => (end, src.len()),
                    Some(quote) => {
                        let after = find_either(src, quote + 1, delimiter, terminator);
                        // The `\r` of a `\r\n` line end is no text.
                        let crlf_end = terminator == b'\n'
                            && after > quote + 1
                            && src[after - 1] == b'\r'
                            && (src.get(after) == Some(&b'\n') || (after == src.len() && last));
                        let text_end = after - usize::from(crlf_end);
                        if text_end > quote + 1 {
                            escaped = true;
                            (text_end, after)
                        } else {
                            (quote, after)
                        }
                    }
                };
                self.fields.push((start, field_end));
                self.escaped.push(escaped);
                pos = after;
            } else {
                let start = pos;
                pos = find_either(src, pos, delimiter, terminator);
                let mut end = pos;
                if pos < src.len()
                    && terminator == b'\n'
                    && src[pos] == b'\n'
                    && end > start
                    && src[end - 1] == b'\r'
                {
                    end -= 1;
                }
                if pos == src.len()
                    && terminator == b'\n'
                    && last
                    && end > start
                    && src[end - 1] == b'\r'
                {
                    end -= 1;
                }
                self.fields.push((start, end));
                self.escaped.push(false);
            }
            match src.get(pos) {
                Some(&byte) if byte == delimiter => pos += 1,
                Some(_) => {
                    // The terminator.
                    return Parsed::Complete {
                        end: pos + 1,
                        line_breaks: line_breaks + 1,
                    };
                }
                None => {
                    return if last {
                        Parsed::Complete {
                            end: pos,
                            line_breaks,
                        }
                    } else {
                        Parsed::Incomplete
                    };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // The same tests run on the wasm build (`make wasm-test`, in Node),
    // where `block_masks` is the simd128 one.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn split(input: &[u8], delimiter: u8, terminator: u8, chunk: usize) -> Vec<(u64, Vec<String>)> {
        let chunks: Vec<&[u8]> = input.chunks(chunk.max(1)).collect();
        split_chunks(&chunks, delimiter, terminator)
    }

    fn split_chunks(chunks: &[&[u8]], delimiter: u8, terminator: u8) -> Vec<(u64, Vec<String>)> {
        let mut splitter = Splitter::new(delimiter, terminator, None);
        let mut records = Vec::new();
        let mut sink = |line: u64, record: TextRecord<'_>| {
            let fields = (0..record.len())
                .map(|i| String::from_utf8_lossy(record.field(i)).into_owned())
                .collect();
            records.push((line, fields));
        };
        for (i, part) in chunks.iter().enumerate() {
            splitter
                .feed(part, i + 1 == chunks.len(), &mut sink)
                .unwrap();
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
        let input =
            b"id;note;amount\r\n1;\"a;b\";2\r\n2;\"say \"\"hi\"\"\nthere\";3\r\n\r\n3;;\"4\"";
        let expected = vec![
            (1, owned(&["id", "note", "amount"])),
            (2, owned(&["1", "a;b", "2"])),
            (3, owned(&["2", "say \"hi\"\nthere", "3"])),
            (5, owned(&[""])),
            (6, owned(&["3", "", "4"])),
        ];
        for chunk in 1..=input.len() {
            assert_eq!(
                split(input, b';', b'\n', chunk),
                expected,
                "chunk size {chunk}"
            );
        }
    }

    #[test]
    fn word_scan_finds_the_first_match() {
        let text = b"abcdefgh;ijklmnop\nqrs";
        for start in 0..text.len() {
            let expected = (start..text.len())
                .find(|&i| text[i] == b';' || text[i] == b'\n')
                .unwrap_or(text.len());
            assert_eq!(
                find_either(text, start, b';', b'\n'),
                expected,
                "from {start}"
            );
        }
        // Bytes with the high bit set and zero bytes must not confuse it.
        let text = [0xC3, 0xA9, 0x00, 0x3A, 0x3B, 0xFF, 0x0A, 0x01, 0x3B];
        assert_eq!(find_either(&text, 0, b';', b'\n'), 4);
        assert_eq!(find_either(&text, 5, b';', b'\n'), 6);
    }

    #[test]
    fn byte_masks_flag_exactly_the_matching_bytes() {
        let block: [u8; 8] = [b';', 0x00, b';', 0x3A, 0xBB, b';', 0xFF, b';'];
        let word = u64::from_le_bytes(block);
        let naive = (0..8)
            .filter(|&i| block[i] == b';')
            .fold(0, |m, i| m | 1 << i);
        assert_eq!(byte_mask(word, b';'), naive);
        assert_eq!(byte_mask(word, 0x00), 0b10);
        assert_eq!(byte_mask(word, b'x'), 0);
    }

    #[test]
    fn block_masks_match_a_byte_by_byte_count() {
        let mut block = [0u8; BLOCK];
        // A fixed pseudo-random byte stream salted with the bytes sought.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for round in 0..500 {
            for byte in block.iter_mut() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *byte = match state % 7 {
                    0 => b';',
                    1 => b'\n',
                    2 => b'"',
                    _ => (state >> 8) as u8,
                };
            }
            let bits = |wanted: u8| {
                (0..BLOCK)
                    .filter(|&i| block[i] == wanted)
                    .fold(0u32, |mask, i| mask | 1 << i)
            };
            let expected = BlockMasks {
                delimiters: bits(b';'),
                terminators: bits(b'\n'),
                quotes: bits(b'"'),
            };
            assert_eq!(block_masks(&block, b';', b'\n'), expected, "round {round}");
            assert_eq!(
                portable_block_masks(&block, b';', b'\n'),
                expected,
                "round {round}"
            );
        }
    }

    #[test]
    fn unquoted_fast_path_and_general_parser_agree() {
        let input = b"id;name;amount\r\n12;Ana;3,5\r\n13;;\r\n;Bo \"B\";1\r\n14;a;b;c;d;e;f;g;h;i;j\n15;x;2\n16;\"p;q\";\"r\"\"s\";t";
        let expected = vec![
            (1, owned(&["id", "name", "amount"])),
            (2, owned(&["12", "Ana", "3,5"])),
            (3, owned(&["13", "", ""])),
            (4, owned(&["", "Bo \"B\"", "1"])),
            (
                5,
                owned(&["14", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]),
            ),
            (6, owned(&["15", "x", "2"])),
            (7, owned(&["16", "p;q", "r\"s", "t"])),
        ];
        for chunk in [1, 5, 16, 17, 64, input.len()] {
            assert_eq!(
                split(input, b';', b'\n', chunk),
                expected,
                "chunk size {chunk}"
            );
        }
    }

    #[test]
    fn text_after_a_closing_quote_is_kept() {
        // As Python's csv reads them: the quoted part unescaped, then the
        // rest up to the delimiter as it is (a quote there is plain text);
        // the `\r` of a `\r\n` line end is not text.
        let input = b"\"abc\"def;\"a\"\"b\"c\"d;\"x\" ;\"q\"\r\n\"p\"r\r\n\"e\"\"\"\r\n\"t\"z";
        let expected = vec![
            (1, owned(&["abcdef", "a\"bc\"d", "x ", "q"])),
            (2, owned(&["pr"])),
            (3, owned(&["e\""])),
            (4, owned(&["tz"])),
        ];
        for chunk in 1..=input.len() {
            assert_eq!(
                split(input, b';', b'\n', chunk),
                expected,
                "chunk size {chunk}"
            );
        }
        assert_eq!(
            split(b"\"a\"b,\"c\"\r\"d\"e\r", b',', b'\r', 2),
            vec![(1, owned(&["ab", "c"])), (2, owned(&["de"]))]
        );
    }

    #[test]
    fn bare_carriage_returns_end_lines() {
        assert_eq!(
            split(b"a,b\r1,2\r", b',', b'\r', 3),
            vec![(1, owned(&["a", "b"])), (2, owned(&["1", "2"]))]
        );
    }

    #[test]
    fn an_unclosed_quote_is_read_as_text_so_later_rows_still_count() {
        // Line 2 opens a quote in its second field that nothing closes: read
        // quoted, lines 3 and 4 would become part of that cell.
        let input = b"id,name,amount\n1,\"Dupont,5\n2,Martin,7\n3,Durand \"\"x\"\",9";
        for chunk in 1..=input.len() {
            let mut splitter = Splitter::new(b',', b'\n', None);
            let mut records = Vec::new();
            let parts: Vec<&[u8]> = input.chunks(chunk).collect();
            for (i, part) in parts.iter().enumerate() {
                splitter
                    .feed(
                        part,
                        i + 1 == parts.len(),
                        &mut |line, record: TextRecord<'_>| {
                            let fields: Vec<String> = (0..record.len())
                                .map(|f| String::from_utf8_lossy(record.field(f)).into_owned())
                                .collect();
                            records.push((line, fields));
                        },
                    )
                    .unwrap();
            }
            assert_eq!(
                records,
                vec![
                    (1, owned(&["id", "name", "amount"])),
                    (2, owned(&["1", "\"Dupont", "5"])),
                    (3, owned(&["2", "Martin", "7"])),
                    (4, owned(&["3", "Durand \"\"x\"\"", "9"])),
                ],
                "chunk size {chunk}"
            );
            assert_eq!(
                splitter.unclosed_quote(),
                Some((2, 2)),
                "chunk size {chunk}"
            );
        }
    }

    #[test]
    fn an_unclosed_quote_on_the_last_line_ends_with_the_file() {
        // Nothing follows it: the field is the rest of the line, as before.
        let mut splitter = Splitter::new(b',', b'\n', None);
        let mut records = Vec::new();
        splitter
            .feed(
                b"a,b\n1,\"x y",
                true,
                &mut |line, record: TextRecord<'_>| {
                    records.push((line, String::from_utf8_lossy(record.field(1)).into_owned()));
                },
            )
            .unwrap();
        assert_eq!(records, vec![(1, "b".to_string()), (2, "x y".to_string())]);
        assert_eq!(splitter.unclosed_quote(), None);
    }

    /// A fixed xorshift stream, so that a failure is reproducible on every
    /// target (proptest does not build for wasm32).
    struct Bytes(u64);

    impl Bytes {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        /// `len` bytes, mostly field text, salted with delimiters, line
        /// ends, quotes, multi-byte UTF-8 and zero bytes.
        fn csv_like(&mut self, len: usize, quotes: bool) -> Vec<u8> {
            (0..len)
                .map(|_| match self.next() % 32 {
                    0..=3 => b';',
                    4 => b',',
                    5 | 6 => b'\n',
                    7 => b'\r',
                    8 if quotes => b'"',
                    9 => 0xC3,
                    10 => 0xA9,
                    11 => 0,
                    12 => b' ',
                    n => b'a' + (n as u8 % 26),
                })
                .collect()
        }
    }

    #[test]
    fn vector_and_portable_masks_split_records_alike() {
        let mut random = Bytes(0x2545_F491_4F6C_DD1D);
        let mut fast = Splitter::new(b';', b'\n', None);
        let mut general = Splitter::new(b';', b'\n', None);
        let mut fast_records = 0;
        for case in 0..3000 {
            let len = (random.next() % 300) as usize;
            let src = random.csv_like(len, case % 4 == 0);
            let vector = fast.parse_unquoted_with(&src, block_masks);
            let vector_fields = fast.fields.clone();
            let portable = fast.parse_unquoted_with(&src, portable_block_masks);
            assert_eq!(vector, portable, "case {case}: {src:?}");
            assert_eq!(vector_fields, fast.fields, "case {case}: {src:?}");
            // Whenever the fast path answers, the general parser agrees.
            if let Some(parsed) = vector {
                fast_records += 1;
                assert_eq!(
                    general.parse_any(&src, false),
                    parsed,
                    "case {case}: {src:?}"
                );
                assert_eq!(general.fields, fast.fields, "case {case}: {src:?}");
            }
        }
        // The fast path must have been taken, not only declined.
        assert!(fast_records > 1000, "{fast_records}");
    }

    /// Records of text without quotes, read the plain way: one per line
    /// (a `\r` before the `\n` dropped), fields between delimiters.
    fn split_lines(input: &[u8], delimiter: u8) -> Vec<(u64, Vec<String>)> {
        let body = input.strip_suffix(b"\n").unwrap_or(input);
        if input.is_empty() {
            return Vec::new();
        }
        body.split(|&byte| byte == b'\n')
            .enumerate()
            .map(|(index, line)| {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let fields = line
                    .split(|&byte| byte == delimiter)
                    .map(|field| String::from_utf8_lossy(field).into_owned())
                    .collect();
                (index as u64 + 1, fields)
            })
            .collect()
    }

    #[test]
    fn unquoted_text_in_random_chunks_splits_by_lines_and_delimiters() {
        let mut random = Bytes(0x9E37_79B9_7F4A_7C15);
        for case in 0..400 {
            let len = (random.next() % 2000) as usize;
            let input = random.csv_like(len, false);
            let mut chunks = Vec::new();
            let mut rest = &input[..];
            while !rest.is_empty() {
                let size = (1 + random.next() % 150) as usize;
                let (chunk, tail) = rest.split_at(size.min(rest.len()));
                chunks.push(chunk);
                rest = tail;
            }
            assert_eq!(
                split_chunks(&chunks, b';', b'\n'),
                split_lines(&input, b';'),
                "case {case}: {input:?}"
            );
        }
    }

    #[test]
    fn quoted_text_in_random_chunks_splits_as_in_one_chunk() {
        let mut random = Bytes(0xD1B5_4A32_D192_ED03);
        for case in 0..400 {
            let len = (random.next() % 1000) as usize;
            let input = random.csv_like(len, true);
            let whole = split(&input, b';', b'\n', input.len());
            for chunk in [1, 7, 31, 33, 100] {
                assert_eq!(
                    split(&input, b';', b'\n', chunk),
                    whole,
                    "case {case}, chunk size {chunk}: {input:?}"
                );
            }
        }
    }
}
