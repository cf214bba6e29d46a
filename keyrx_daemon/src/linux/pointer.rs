//! The virtual pointer mouse keys move, created through uinput only when the config uses them:
//! relative X/Y, the wheels (with their high-resolution axes, 120 per detent, which libinput
//! prefers when a device has them) and five buttons.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;

use keyrx_core::config::MouseButton;
use keyrx_core::event::{MouseAxis, MouseEvent, MouseOutput};

use super::device::{EV_KEY, EV_SYN, event, zero_event};
use super::uinput::{UinputSetup, ui_dev_create, ui_dev_destroy, ui_dev_setup, ui_set_evbit};
use super::uinput::{open_uinput, ui_set_keybit, ui_set_relbit};

/// The name the virtual pointer has; discovery skips it.
pub const VIRTUAL_POINTER_NAME: &str = "keyrx virtual pointer";
pub const EV_REL: u16 = 0x02;
pub const REL_X: u16 = 0x00;
pub const REL_Y: u16 = 0x01;
pub const REL_HWHEEL: u16 = 0x06;
pub const REL_WHEEL: u16 = 0x08;
pub const REL_WHEEL_HI_RES: u16 = 0x0b;
pub const REL_HWHEEL_HI_RES: u16 = 0x0c;
/// High-resolution wheel units per detent (the kernel's convention).
const HI_RES_PER_DETENT: i32 = 120;
const PRODUCT: u16 = 0x6b79;
/// Pointer events per write: a wheel step is two events, so 64 steps fit.
const MAX_BATCH: usize = 128;

pub struct VirtualPointer {
    file: File,
}

impl VirtualPointer {
    pub fn create(path: &str) -> io::Result<VirtualPointer> {
        let file = open_uinput(path)?;
        let fd = file.as_raw_fd();
        let mut setup = UinputSetup::new(PRODUCT);
        setup.set_name(VIRTUAL_POINTER_NAME);
        // SAFETY: plain ioctls on a uinput fd with the argument types the kernel expects.
        unsafe {
            ui_set_evbit(fd, EV_KEY.into())?;
            for button in MouseButton::ALL {
                ui_set_keybit(fd, button.code().into())?;
            }
            ui_set_evbit(fd, EV_REL.into())?;
            for axis in [
                REL_X,
                REL_Y,
                REL_HWHEEL,
                REL_WHEEL,
                REL_WHEEL_HI_RES,
                REL_HWHEEL_HI_RES,
            ] {
                ui_set_relbit(fd, axis.into())?;
            }
            ui_dev_setup(fd, &setup)?;
            ui_dev_create(fd)?;
        }
        Ok(VirtualPointer { file })
    }

    /// Writes pointer events, one sync per write (the wheels with their high-resolution axes).
    pub fn write(&mut self, events: &[MouseEvent]) -> io::Result<()> {
        for chunk in events.chunks(MAX_BATCH / 2) {
            let mut buf = [zero_event(); MAX_BATCH + 1];
            let mut n = 0;
            for e in chunk {
                for (type_, code, value) in kernel_events(e.output).into_iter().flatten() {
                    buf[n] = event(type_, code, value);
                    n += 1;
                }
            }
            buf[n] = event(EV_SYN, 0, 0);
            let bytes = (n + 1) * std::mem::size_of::<libc::input_event>();
            // SAFETY: the first `bytes` bytes of `buf` are initialised plain data.
            let written = unsafe { libc::write(self.file.as_raw_fd(), buf.as_ptr().cast(), bytes) };
            if written < 0 {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(())
    }
}

/// The kernel events one pointer output is: `(type, code, value)`, at most two.
pub fn kernel_events(output: MouseOutput) -> [Option<(u16, u16, i32)>; 2] {
    match output {
        MouseOutput::Button { button, pressed } => {
            [Some((EV_KEY, button.code(), i32::from(pressed))), None]
        }
        MouseOutput::Motion { axis, delta } => {
            let hi_res = delta.saturating_mul(HI_RES_PER_DETENT);
            match axis {
                MouseAxis::X => [Some((EV_REL, REL_X, delta)), None],
                MouseAxis::Y => [Some((EV_REL, REL_Y, delta)), None],
                MouseAxis::Wheel => [
                    Some((EV_REL, REL_WHEEL, delta)),
                    Some((EV_REL, REL_WHEEL_HI_RES, hi_res)),
                ],
                MouseAxis::HWheel => [
                    Some((EV_REL, REL_HWHEEL, delta)),
                    Some((EV_REL, REL_HWHEEL_HI_RES, hi_res)),
                ],
            }
        }
    }
}

impl Drop for VirtualPointer {
    fn drop(&mut self) {
        // SAFETY: plain ioctl on our own uinput fd.
        let _ = unsafe { ui_dev_destroy(self.file.as_raw_fd()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wheel_steps_carry_their_high_resolution_axis() {
        let wheel = MouseOutput::Motion {
            axis: MouseAxis::Wheel,
            delta: -2,
        };
        assert_eq!(
            kernel_events(wheel),
            [
                Some((EV_REL, REL_WHEEL, -2)),
                Some((EV_REL, REL_WHEEL_HI_RES, -240))
            ]
        );
        let click = MouseOutput::Button {
            button: MouseButton::Forward,
            pressed: true,
        };
        assert_eq!(kernel_events(click), [Some((EV_KEY, 0x114, 1)), None]);
    }
}
