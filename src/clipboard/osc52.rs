//! OSC 52: the escape sequence that asks the user's terminal to set its own clipboard, for
//! sessions without a display (SSH, a console).
//!
//! Hand-written rather than crossterm's `CopyToClipboard`, because that command base64-encodes
//! into a temporary `String` and is meant to be written through `std::io::stdout()`, whose
//! process-wide buffer would keep the secret. Here the whole sequence is built in one secret page.

use base64::Engine as _;

use crate::secret::{CapacityError, SecretBuf};

/// Start of a "set the clipboard" sequence: OSC, 52, target `c` (the clipboard).
const PREFIX: &[u8] = b"\x1b]52;c;";
/// BEL ends the sequence; older terminals and multiplexers know it better than `ESC \`.
const BEL: u8 = 0x07;

/// Clears the terminal's clipboard. Two forms, because terminals disagree on which one clears:
/// xterm clears on a payload that is not base64 (`!`), decoders such as Alacritty's ignore that
/// and instead take the empty payload as "set to nothing". Terminals without OSC 52 swallow both.
pub const CLEAR_SEQUENCE: &[u8] = b"\x1b]52;c;!\x07\x1b]52;c;\x07";

/// The "clear" sent through tmux: a copy of a single space. tmux (3.3a's `input_osc_52`) ignores
/// an OSC 52 whose payload is empty or decodes to nothing, so neither form of
/// [`CLEAR_SEQUENCE`] reaches the terminal and the password would stay. A real copy does: with
/// `set-clipboard on` tmux passes it on (the terminal's clipboard then holds a space) and takes
/// it as its newest paste buffer; the password's buffer stays in tmux's list.
pub const CLEAR_TMUX_SEQUENCE: &[u8] = b"\x1b]52;c;IA==\x07";

/// The clear sequence for a terminal reached through tmux (`through_tmux`) or directly.
pub fn clear_sequence(through_tmux: bool) -> &'static [u8] {
    if through_tmux {
        CLEAR_TMUX_SEQUENCE
    } else {
        CLEAR_SEQUENCE
    }
}

/// Builds `ESC ] 52 ; c ; BASE64(text) BEL` in a secret page.
pub fn set_sequence(text: &str) -> Result<SecretBuf, CapacityError> {
    let mut out = SecretBuf::new();
    out.extend_from_slice(PREFIX)?;
    let n = base64::engine::general_purpose::STANDARD
        .encode_slice(text.as_bytes(), out.spare_mut())
        .map_err(|_| CapacityError)?;
    out.commit(n);
    out.extend_from_slice(&[BEL])?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_sequence_is_exact() {
        let seq = set_sequence("BO+zyuS6Rz0D7cc3jAaOS8Gd5UojLTrLIrp5BPp0Q4L2").unwrap();
        assert_eq!(
            seq.as_bytes(),
            b"\x1b]52;c;Qk8renl1UzZSejBEN2NjM2pBYU9TOEdkNVVvakxUckxJcnA1QlBwMFE0TDI=\x07"
        );
        assert_eq!(set_sequence("").unwrap().as_bytes(), b"\x1b]52;c;\x07");
        assert_eq!(set_sequence("é").unwrap().as_bytes(), b"\x1b]52;c;w6k=\x07");
    }

    #[test]
    fn clear_sequence_is_exact() {
        assert_eq!(CLEAR_SEQUENCE, b"\x1b]52;c;!\x07\x1b]52;c;\x07");
        // Through tmux: a copy of one space, which tmux does not ignore.
        assert_eq!(clear_sequence(true), b"\x1b]52;c;IA==\x07");
        assert_eq!(set_sequence(" ").unwrap().as_bytes(), clear_sequence(true));
        assert_eq!(clear_sequence(false), CLEAR_SEQUENCE);
    }

    #[test]
    fn oversize_text_is_refused() {
        assert_eq!(set_sequence(&"a".repeat(3100)).err(), Some(CapacityError));
        assert!(set_sequence(&"a".repeat(3000)).is_ok());
    }
}
