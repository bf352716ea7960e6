//! Session logs (-o FILE, --log-json FILE): what passed in both directions,
//! written as it passes. -o is the -x hex dump (`>` sent, `<` received,
//! running offsets) with a `# +SECONDS` timestamp line before each chunk;
//! --log-json is one JSON object per line, the relay's events (`data` with
//! the bytes in hex, `eof`, `frame`, heartbeats, connected/accepted/closed)
//! with `t_us` (µs since the log was opened) and `unix_us` (wall clock).
//! It is a `Sink` around the command line's: the relay emits `data` events
//! because a log wants them, and they reach stderr only when -x asked.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use super::{Paint, escape, hexdump};
use crate::error::{Error, Result};
use crate::event::{Direction, Event, Sink};

pub struct SessionLog {
    hex: Option<File>,
    json: Option<File>,
    /// -x: data events go to stderr too.
    show_data: bool,
    start: Instant,
    plain: Paint,
    /// A write failed (disk full...): warned once, logging stopped.
    broken: bool,
}

fn create(path: &Path) -> Result<File> {
    File::create(path).map_err(|e| Error::os(format!("open {}", path.display()), &e))
}

fn unix_us() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros())
        .unwrap_or(0)
}

impl SessionLog {
    /// Opens (truncates) the log files; None when neither was asked for.
    pub fn open(hex: Option<&Path>, json: Option<&Path>, show_data: bool) -> Result<Option<Self>> {
        if hex.is_none() && json.is_none() {
            return Ok(None);
        }
        let mut log = SessionLog {
            hex: hex.map(create).transpose()?,
            json: json.map(create).transpose()?,
            show_data,
            start: Instant::now(),
            plain: Paint::new(false),
            broken: false,
        };
        if let Some(f) = log.hex.as_mut() {
            let t = unix_us();
            let head = format!(
                "# sockx session log, started at unix time {}.{:06}; > sent, < received\n",
                t / 1_000_000,
                t % 1_000_000
            );
            f.write_all(head.as_bytes())
                .map_err(|e| Error::os("write session log", &e))?;
        }
        Ok(Some(log))
    }

    fn write(&mut self, e: &Event) -> io::Result<()> {
        let elapsed = self.start.elapsed();
        if let Some(f) = self.hex.as_mut() {
            let stamp = format!("# +{}.{:06}", elapsed.as_secs(), elapsed.subsec_micros());
            let text = match e {
                Event::Data {
                    direction,
                    offset,
                    bytes,
                    data,
                } => {
                    let mark = if *direction == Direction::Out {
                        '>'
                    } else {
                        '<'
                    };
                    let word = if *direction == Direction::Out {
                        "sent"
                    } else {
                        "received"
                    };
                    format!(
                        "{stamp} {mark} {bytes} bytes {word}\n{}",
                        hexdump::lines(mark, *offset, data)
                    )
                }
                _ => match e.human(&self.plain) {
                    Some((_, line)) => format!("{stamp} {}\n", line.trim_start()),
                    None => String::new(),
                },
            };
            f.write_all(text.as_bytes())?;
        }
        if let Some(f) = self.json.as_mut() {
            let mut v = serde_json::to_value(e).map_err(io::Error::other)?;
            if let Some(m) = v.as_object_mut() {
                m.insert("t_us".into(), (elapsed.as_micros() as u64).into());
                m.insert("unix_us".into(), (unix_us() as u64).into());
            }
            let mut line = escape::json_string(&v).map_err(io::Error::other)?;
            line.push('\n');
            f.write_all(line.as_bytes())?;
        }
        Ok(())
    }
}

impl Sink for SessionLog {
    fn event(&mut self, e: Event) {
        let logged = !matches!(
            e,
            Event::Call { .. } | Event::Progress { .. } | Event::Warning { .. }
        );
        if logged
            && !self.broken
            && let Err(err) = self.write(&e)
        {
            self.broken = true;
            super::warn(&format!("session log: {err}; logging stopped"));
        }
        if self.show_data || !matches!(e, Event::Data { .. }) {
            super::event(&e);
        }
    }
}
