//! Secret-holding types.
//!
//! Every secret (the secret access key, the SMTP password, edit buffers, raw terminal input) lives
//! in a [`SecretBuf`]: one page-aligned 4 KiB page, allocated once and never grown, so no
//! reallocation can leave a stale copy behind. The page is `mlock`ed where the OS allows (so it
//! never reaches swap) and wiped on drop. None of these types implement `Clone`, `Display` or a
//! revealing `Debug`.
//!
//! The page type is hand-written rather than `Zeroizing<Vec<u8>>` because a `Vec` can reallocate
//! (leaving the old copy in freed memory) and shares pages with unrelated data, which makes
//! `munlock` on drop unsound for neighbours.

use std::fmt;
use std::io;
use std::mem::ManuallyDrop;

use zeroize::Zeroize;

/// Bytes in one secret page: the most any secret buffer can hold.
pub const SECRET_CAPACITY: usize = 4096;

#[repr(C, align(4096))]
struct Page([u8; SECRET_CAPACITY]);

/// The buffer would grow past [`SECRET_CAPACITY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapacityError;

impl fmt::Display for CapacityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the input is longer than {SECRET_CAPACITY} bytes")
    }
}

impl std::error::Error for CapacityError {}

/// A fixed-capacity, locked, wipe-on-drop byte buffer for secret material.
pub struct SecretBuf {
    page: ManuallyDrop<Box<Page>>,
    len: usize,
    /// Bytes `dirty..` are known to be zero, so wiping stops there instead of at 4096.
    dirty: usize,
    locked: bool,
}

/// Wiped, still-locked pages kept per thread for reuse: `mlock`/`munlock` are system calls that
/// would otherwise dominate a derivation (measured in `benches/derive.rs`).
struct PagePool(Vec<(Box<Page>, bool)>);

const POOL_PAGES: usize = 8;

impl Drop for PagePool {
    fn drop(&mut self) {
        for (page, locked) in self.0.drain(..) {
            if locked {
                unlock_page(&page.0);
            }
        }
    }
}

thread_local! {
    static POOL: std::cell::RefCell<PagePool> = const { std::cell::RefCell::new(PagePool(Vec::new())) };
}

impl SecretBuf {
    /// A new, empty buffer with its whole capacity allocated (and locked, where permitted).
    pub fn new() -> Self {
        let pooled = POOL.try_with(|p| p.borrow_mut().0.pop()).ok().flatten();
        let (page, locked) = pooled.unwrap_or_else(|| {
            let page = Box::new(Page([0; SECRET_CAPACITY]));
            // Best effort: a low RLIMIT_MEMLOCK or a missing capability only costs swap
            // protection, never the allocation.
            let locked = lock_page(&page.0);
            (page, locked)
        });
        Self {
            page: ManuallyDrop::new(page),
            len: 0,
            dirty: 0,
            locked,
        }
    }

    /// The bytes held.
    pub fn as_bytes(&self) -> &[u8] {
        &self.page.0[..self.len]
    }

    /// Number of bytes held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the page is locked in RAM (kept out of swap).
    pub fn is_locked(&self) -> bool {
        self.locked
    }

    /// Appends bytes, or fails without changing anything when they do not fit.
    pub fn extend_from_slice(&mut self, bytes: &[u8]) -> Result<(), CapacityError> {
        let end = self.len.checked_add(bytes.len()).ok_or(CapacityError)?;
        if end > SECRET_CAPACITY {
            return Err(CapacityError);
        }
        self.page.0[self.len..end].copy_from_slice(bytes);
        self.len = end;
        self.dirty = self.dirty.max(end);
        Ok(())
    }

    /// The free tail of the page, for reading straight into it (see [`SecretBuf::commit`]).
    /// Conservatively marks the whole page for wiping; prefer [`SecretBuf::write_with`], which
    /// marks only what was written.
    pub fn spare_mut(&mut self) -> &mut [u8] {
        self.dirty = SECRET_CAPACITY;
        &mut self.page.0[self.len..]
    }

    /// Room left, in bytes.
    pub fn spare_len(&self) -> usize {
        SECRET_CAPACITY - self.len
    }

    /// Hands the free tail to `f`, which writes at its front and returns how many bytes it wrote
    /// (as `read(2)` and encoders report), plus any result of its own. Those bytes become held,
    /// and only they are marked for wiping, so clearing a page that was filled this way costs
    /// what was written, not 4 KiB. `f` must not write past the count it returns.
    pub fn write_with<R>(&mut self, f: impl FnOnce(&mut [u8]) -> (usize, R)) -> R {
        let (n, r) = f(&mut self.page.0[self.len..]);
        let end = (self.len + n).min(SECRET_CAPACITY);
        self.dirty = self.dirty.max(end);
        self.len = end;
        r
    }

    /// Marks `n` more bytes of the spare tail as held, after a read into [`SecretBuf::spare_mut`].
    pub fn commit(&mut self, n: usize) {
        self.len = (self.len + n).min(SECRET_CAPACITY);
    }

    /// Wipes the first `n` bytes and shifts the rest to the front.
    pub fn consume(&mut self, n: usize) {
        let n = n.min(self.len);
        self.page.0.copy_within(n..self.len, 0);
        let new_len = self.len - n;
        self.page.0[new_len..self.len].zeroize();
        self.len = new_len;
    }

    /// Shortens to `len` bytes, wiping what is cut off.
    pub fn truncate(&mut self, len: usize) {
        if len < self.len {
            self.page.0[len..self.len].zeroize();
            self.len = len;
        }
    }

    /// Wipes everything held (and anything written past it).
    pub fn clear(&mut self) {
        self.page.0[..self.dirty].zeroize();
        self.len = 0;
        self.dirty = 0;
    }

    /// Converts to text when the bytes are UTF-8; gives the buffer back otherwise.
    pub fn into_text(self) -> Result<SecretText, SecretBuf> {
        if std::str::from_utf8(self.as_bytes()).is_ok() {
            Ok(SecretText { buf: self })
        } else {
            Err(self)
        }
    }
}

impl Default for SecretBuf {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for SecretBuf {
    fn drop(&mut self) {
        self.clear();
        // SAFETY: `page` is not used again after this point.
        let mut slot = Some((unsafe { ManuallyDrop::take(&mut self.page) }, self.locked));
        let _ = POOL.try_with(|p| {
            let mut p = p.borrow_mut();
            if p.0.len() < POOL_PAGES {
                p.0.extend(slot.take());
            }
        });
        // Pool full, or the thread is exiting: unlock; the global allocator wipes it on free.
        if let Some((page, true)) = slot {
            unlock_page(&page.0);
        }
    }
}

impl fmt::Debug for SecretBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretBuf([REDACTED])")
    }
}

/// Lets formatters (JSON, env lines) write a secret straight into a page, never into a `String`.
impl io::Write for SecretBuf {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.extend_from_slice(bytes)
            .map_err(|e| io::Error::new(io::ErrorKind::OutOfMemory, e))?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn lock_page(page: &[u8; SECRET_CAPACITY]) -> bool {
    #[cfg(unix)]
    {
        // SAFETY: the range is one whole page owned by the caller for as long as it is locked.
        unsafe { rustix::mm::mlock(page.as_ptr() as *mut _, page.len()).is_ok() }
    }
    #[cfg(not(unix))]
    {
        let _ = page;
        false
    }
}

fn unlock_page(page: &[u8; SECRET_CAPACITY]) {
    #[cfg(unix)]
    {
        // SAFETY: the same range that `lock_page` locked; failure only leaves it locked.
        let _ = unsafe { rustix::mm::munlock(page.as_ptr() as *mut _, page.len()) };
    }
    #[cfg(not(unix))]
    let _ = page;
}

/// A [`SecretBuf`] that always holds valid UTF-8: edit buffers and secret text.
pub struct SecretText {
    buf: SecretBuf,
}

impl SecretText {
    /// A new, empty text buffer.
    pub fn new() -> Self {
        Self {
            buf: SecretBuf::new(),
        }
    }

    /// A new buffer holding a copy of `s` (for tests and for values already in memory).
    pub fn from_str_checked(s: &str) -> Result<Self, CapacityError> {
        let mut t = Self::new();
        t.push_str(s)?;
        Ok(t)
    }

    /// The text. Call sites that expose a secret to anything but derivation must say why.
    pub fn expose(&self) -> &str {
        // The buffer is only ever extended with whole `&str`/`char` values.
        std::str::from_utf8(self.buf.as_bytes()).unwrap_or_default()
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Number of characters (what a masked field shows as dots).
    pub fn char_count(&self) -> usize {
        self.expose().chars().count()
    }

    /// Appends text, or fails without changing anything when it does not fit.
    pub fn push_str(&mut self, s: &str) -> Result<(), CapacityError> {
        self.buf.extend_from_slice(s.as_bytes())
    }

    /// Appends one character.
    pub fn push(&mut self, c: char) -> Result<(), CapacityError> {
        let mut tmp = [0u8; 4];
        let r = self.push_str(c.encode_utf8(&mut tmp));
        tmp.zeroize();
        r
    }

    /// Removes the last character (wiping its bytes); false when empty.
    pub fn pop(&mut self) -> bool {
        let Some((idx, _)) = self.expose().char_indices().next_back() else {
            return false;
        };
        self.buf.truncate(idx);
        true
    }

    /// Wipes the text.
    pub fn clear(&mut self) {
        self.buf.clear();
    }

    /// Removes surrounding whitespace in place (shifting, then wiping the tail).
    pub fn trim_in_place(&mut self) {
        let s = self.expose();
        let start = s.len() - s.trim_start().len();
        let end = s.trim_end().len();
        self.buf.truncate(end);
        self.buf.consume(start);
    }

    /// Whether the page is locked in RAM.
    pub fn is_locked(&self) -> bool {
        self.buf.is_locked()
    }
}

impl Default for SecretText {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretText([REDACTED])")
    }
}

impl io::Write for SecretText {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        // Formatters write whole UTF-8 pieces; refuse anything else rather than break the invariant.
        std::str::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        self.buf.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A 32-byte HMAC key or digest, wiped on drop.
#[derive(Zeroize, zeroize::ZeroizeOnDrop)]
pub struct Key32(pub(crate) [u8; 32]);

impl fmt::Debug for Key32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key32([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn debug_is_redacted() {
        let t = SecretText::from_str_checked("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").unwrap();
        assert_eq!(format!("{t:?}"), "SecretText([REDACTED])");
        assert!(!format!("{:?}", Key32([7; 32])).contains('7'));
    }

    #[test]
    fn capacity_is_fixed_and_overflow_changes_nothing() {
        let mut t = SecretText::new();
        t.push_str(&"a".repeat(SECRET_CAPACITY - 1)).unwrap();
        assert_eq!(t.push('é'), Err(CapacityError));
        assert_eq!(t.len(), SECRET_CAPACITY - 1);
        t.push('b').unwrap();
        assert_eq!(t.push('c'), Err(CapacityError));
    }

    #[test]
    fn pop_removes_whole_characters() {
        let mut t = SecretText::from_str_checked("aé한").unwrap();
        assert!(t.pop());
        assert_eq!(t.expose(), "aé");
        assert!(t.pop());
        assert!(t.pop());
        assert!(!t.pop());
    }

    #[test]
    fn trim_in_place_wipes_what_it_drops() {
        let mut t = SecretText::from_str_checked("  \tabc \r\n").unwrap();
        t.trim_in_place();
        assert_eq!(t.expose(), "abc");
        // The bytes past the end are zero, not the old text.
        assert!(t.buf.page.0[3..16].iter().all(|&b| b == 0));
    }

    #[test]
    fn write_rejects_overflow_and_non_utf8() {
        let mut t = SecretText::new();
        assert!(t.write_all(&[0xff]).is_err());
        assert!(t.write_all(&vec![b'x'; SECRET_CAPACITY + 1]).is_err());
        let n = 1;
        write!(t, "A={n}").unwrap();
        assert_eq!(t.expose(), "A=1");
    }

    #[test]
    fn a_reused_page_comes_back_wiped() {
        let addr = {
            let mut b = SecretBuf::new();
            b.extend_from_slice(b"secret material").unwrap();
            b.spare_mut()[100] = 7;
            b.page.0.as_ptr() as usize
        };
        // Same thread, so the pool hands the same page back.
        let mut b = SecretBuf::new();
        assert_eq!(b.page.0.as_ptr() as usize, addr);
        assert!(b.is_empty());
        assert!(b.spare_mut().iter().all(|&x| x == 0));
    }

    #[test]
    fn write_with_holds_and_wipes_what_was_written() {
        let mut b = SecretBuf::new();
        let got = b.write_with(|spare| {
            spare[..5].copy_from_slice(b"hello");
            (5, "done")
        });
        assert_eq!(got, "done");
        assert_eq!(b.as_bytes(), b"hello");
        assert_eq!(b.spare_len(), SECRET_CAPACITY - 5);
        assert_eq!(b.dirty, 5);
        b.clear();
        assert!(b.page.0[..5].iter().all(|&x| x == 0));
    }

    #[test]
    fn consume_shifts_and_wipes() {
        let mut b = SecretBuf::new();
        b.extend_from_slice(b"hello world").unwrap();
        b.consume(6);
        assert_eq!(b.as_bytes(), b"world");
        assert!(b.page.0[5..11].iter().all(|&x| x == 0));
    }
}
