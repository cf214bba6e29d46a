//! The virtual keyboard keyrx types on, created through uinput.
//!
//! Written directly against the uinput ioctls rather than through the `evdev` crate, whose
//! builder cannot declare LEDs (needed to carry CapsLock/NumLock state back to the physical
//! keyboards) and whose `emit` needs a heap buffer; here each batch is one `write` from the stack.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::os::unix::fs::OpenOptionsExt;

use keyrx_core::event::MouseEvent;
use keyrx_core::{KeyEvent, KeyState};

use super::device::{EV_KEY, EV_LED, EV_SYN, event, zero_event};
use super::pointer::VirtualPointer;
use crate::runtime::output::OutputDevice;

#[repr(C)]
pub struct UinputSetup {
    /// bustype, vendor, product, version.
    id: [u16; 4],
    name: [u8; 80],
    ff_effects_max: u32,
}

impl UinputSetup {
    pub fn new(product: u16) -> UinputSetup {
        UinputSetup {
            id: [BUS_USB, VENDOR, product, 1],
            name: [0; 80],
            ff_effects_max: 0,
        }
    }

    pub fn set_name(&mut self, name: &str) {
        self.name[..name.len()].copy_from_slice(name.as_bytes());
    }
}

nix::ioctl_none!(ui_dev_create, b'U', 1);
nix::ioctl_none!(ui_dev_destroy, b'U', 2);
nix::ioctl_write_ptr!(ui_dev_setup, b'U', 3, UinputSetup);
nix::ioctl_write_int!(ui_set_evbit, b'U', 100);
nix::ioctl_write_int!(ui_set_keybit, b'U', 101);
nix::ioctl_write_int!(ui_set_relbit, b'U', 102);
nix::ioctl_write_int!(ui_set_ledbit, b'U', 105);

/// The name the virtual keyboard has; discovery skips it.
pub const VIRTUAL_KEYBOARD_NAME: &str = "keyrx virtual keyboard";
/// A USB bus type makes libinput treat it as an external keyboard, with no internal-keyboard
/// quirks (such as disable-while-typing pairing) applied to it.
const BUS_USB: u16 = 0x03;
const VENDOR: u16 = 0x1209;
const PRODUCT: u16 = 0x6b78;
const MAX_BATCH: usize = 256;

/// The virtual keyboard, and the virtual pointer beside it while the config uses mouse keys.
pub struct VirtualKeyboard {
    file: File,
    path: String,
    pointer: Option<VirtualPointer>,
}

/// Opens `/dev/uinput` (or `path`) for one new device: non-blocking, closed on exec.
pub fn open_uinput(path: &str) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
}

impl VirtualKeyboard {
    pub fn create(path: &str) -> io::Result<VirtualKeyboard> {
        let file = open_uinput(path)?;
        let fd = file.as_raw_fd();
        let mut setup = UinputSetup::new(PRODUCT);
        setup.set_name(VIRTUAL_KEYBOARD_NAME);
        // SAFETY: plain ioctls on a uinput fd with the argument types the kernel expects.
        unsafe {
            ui_set_evbit(fd, EV_KEY.into())?;
            // Every KEY_* code; the BTN_* ranges would make it look like a pointer or gamepad.
            for code in (1..=0xffu16).chain(0x160..=0x2bf) {
                ui_set_keybit(fd, code.into())?;
            }
            ui_set_evbit(fd, EV_LED.into())?;
            for led in 0..=4u16 {
                ui_set_ledbit(fd, led.into())?;
            }
            ui_dev_setup(fd, &setup)?;
            ui_dev_create(fd)?;
        }
        Ok(VirtualKeyboard {
            file,
            path: path.to_string(),
            pointer: None,
        })
    }

    /// LED changes the system asked of the virtual keyboard: `(led, on)` pairs.
    pub fn read_leds(&self, mut each: impl FnMut(u16, i32)) {
        let mut buf = [zero_event(); 16];
        loop {
            let bytes = std::mem::size_of_val(&buf);
            // SAFETY: `buf` is valid for `bytes` bytes and input_event is plain data.
            let n = unsafe { libc::read(self.file.as_raw_fd(), buf.as_mut_ptr().cast(), bytes) };
            if n <= 0 {
                return;
            }
            let count = n as usize / std::mem::size_of::<libc::input_event>();
            for e in buf[..count].iter().filter(|e| e.type_ == EV_LED) {
                each(e.code, e.value);
            }
        }
    }
}

impl OutputDevice for VirtualKeyboard {
    fn write(&mut self, events: &[KeyEvent]) -> io::Result<()> {
        for chunk in events.chunks(MAX_BATCH) {
            let mut buf = [zero_event(); MAX_BATCH + 1];
            for (slot, e) in buf.iter_mut().zip(chunk) {
                let value = match e.state {
                    KeyState::Release => 0,
                    KeyState::Press => 1,
                    KeyState::Repeat => 2,
                };
                *slot = event(EV_KEY, e.key.code(), value);
            }
            buf[chunk.len()] = event(EV_SYN, 0, 0);
            let bytes = (chunk.len() + 1) * std::mem::size_of::<libc::input_event>();
            // SAFETY: the first `bytes` bytes of `buf` are initialised plain data.
            let n = unsafe { libc::write(self.file.as_raw_fd(), buf.as_ptr().cast(), bytes) };
            if n < 0 {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(())
    }

    fn write_mouse(&mut self, events: &[MouseEvent]) -> io::Result<()> {
        match self.pointer.as_mut() {
            Some(pointer) => pointer.write(events),
            None => Ok(()),
        }
    }

    fn set_pointer(&mut self, wanted: bool) -> io::Result<()> {
        match (wanted, self.pointer.is_some()) {
            (true, false) => {
                self.pointer = Some(VirtualPointer::create(&self.path)?);
                tracing::info!("created the virtual pointer for mouse keys");
            }
            (false, true) => {
                // Dropping it destroys the device; the kernel releases anything it held.
                self.pointer = None;
                tracing::info!("removed the virtual pointer: the config has no mouse keys");
            }
            _ => {}
        }
        Ok(())
    }
}

impl AsFd for VirtualKeyboard {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.file.as_fd()
    }
}

impl Drop for VirtualKeyboard {
    fn drop(&mut self) {
        // SAFETY: plain ioctl on our own uinput fd.
        let _ = unsafe { ui_dev_destroy(self.file.as_raw_fd()) };
    }
}
