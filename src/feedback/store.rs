//! The feedback store, `SITE/.frontdesk/feedback.sqlite`: what customers sent, whether it
//! was answered or acted on, and the drafts written for it. An SQLite file marked as ours
//! (`PRAGMA application_id`) with a versioned schema (`PRAGMA user_version`). A file that
//! is not ours, is damaged or is from a newer frontdesk is refused and never overwritten;
//! every write is one transaction.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::message::{Message, NewMessage};

/// The store's file inside the site's `.frontdesk` folder.
pub const FILE: &str = "feedback.sqlite";

/// `PRAGMA application_id` of a frontdesk store: "FDsk" in ASCII.
pub const APPLICATION_ID: i32 = 0x4644_736b;

/// Each step brings the schema from version N to N + 1 (the step at index N). A new step
/// is appended; a written step is never changed, since stores in the field have run it.
const MIGRATIONS: &[&str] = &[
    // 0 -> 1: messages and the drafts written for them.
    "CREATE TABLE message (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        form TEXT NOT NULL,
        received TEXT NOT NULL,
        name TEXT,
        email TEXT,
        fields TEXT NOT NULL,
        imported TEXT NOT NULL,
        answered TEXT,
        acted TEXT
    );
    CREATE TABLE draft (
        id INTEGER PRIMARY KEY,
        message INTEGER NOT NULL REFERENCES message(id),
        kind TEXT NOT NULL,
        path TEXT NOT NULL,
        written_hash TEXT NOT NULL,
        written TEXT NOT NULL
    );
    CREATE INDEX draft_message ON draft(message);",
];

/// The schema version this build writes and reads.
pub const VERSION: i32 = MIGRATIONS.len() as i32;

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Where the store of `site_dir` lives.
pub fn path(site_dir: &Path) -> PathBuf {
    site_dir.join(".frontdesk").join(FILE)
}

impl Store {
    /// Opens the store of `site_dir`, making it when there is none; a store of an older
    /// version is migrated in one transaction.
    pub fn open(site_dir: &Path) -> Result<Store> {
        let path = path(site_dir);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => bail!(
                "{}: is not a regular file (a link or a folder); frontdesk keeps its feedback \
                 store only in a real file there (move it away)",
                path.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(&path)?,
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
        let mut conn = open_existing(&path)?;
        migrate(&mut conn, &path)?;
        Ok(Store { conn, path })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Adds the messages that are not stored yet (by their key), all in one transaction:
    /// either every new one is stored or none. Returns how many were new.
    pub fn add(&mut self, messages: &[NewMessage]) -> Result<usize> {
        let now = now();
        let tx = self.conn.transaction()?;
        let mut added = 0;
        {
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO message (key, source, form, received, name, email, fields, imported)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for m in messages {
                let fields = serde_json::to_string(&m.fields)?;
                added += insert.execute(params![
                    m.key, m.source, m.form, m.received, m.name, m.email, fields, now
                ])?;
            }
        }
        tx.commit()
            .with_context(|| format!("{}: could not save the import", self.path.display()))?;
        Ok(added)
    }

    /// Every message, oldest first.
    pub fn all(&self) -> Result<Vec<Message>> {
        let mut q = self.conn.prepare(
            "SELECT id, source, form, received, name, email, fields, answered, acted
             FROM message ORDER BY received, id",
        )?;
        let rows = q.query_map([], row_to_message)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One message by its number.
    pub fn get(&self, id: i64) -> Result<Message> {
        self.conn
            .query_row(
                "SELECT id, source, form, received, name, email, fields, answered, acted
                 FROM message WHERE id = ?1",
                [id],
                row_to_message,
            )
            .optional()?
            .with_context(|| {
                format!("there is no message {id} in the inbox (`frontdesk inbox` lists them)")
            })
    }

    /// Records a draft written for message `id`, with the hash of the file as written.
    pub fn add_draft(&mut self, id: i64, kind: &str, file: &Path, hash: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO draft (message, kind, path, written_hash, written) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, kind, file.to_string_lossy(), hash, now()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The newest draft of `kind` for message `id`: its file and the hash it was written with.
    pub fn draft(&self, id: i64, kind: &str) -> Result<Option<(PathBuf, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT path, written_hash FROM draft WHERE message = ?1 AND kind = ?2
                 ORDER BY id DESC LIMIT 1",
                params![id, kind],
                |r| Ok((PathBuf::from(r.get::<_, String>(0)?), r.get(1)?)),
            )
            .optional()?)
    }

    /// Marks message `id` answered now; returns the time recorded.
    pub fn mark_answered(&mut self, id: i64) -> Result<String> {
        self.mark(id, "answered")
    }

    /// Marks message `id` acted on now, inside `during` (which runs within the same
    /// transaction: if it fails, nothing is recorded).
    pub fn mark_acted(&mut self, id: i64, during: impl FnOnce() -> Result<()>) -> Result<String> {
        let at = now();
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE message SET acted = ?1 WHERE id = ?2",
            params![at, id],
        )?;
        during()?;
        tx.commit()?;
        Ok(at)
    }

    fn mark(&mut self, id: i64, column: &'static str) -> Result<String> {
        let at = now();
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            &format!("UPDATE message SET {column} = ?1 WHERE id = ?2"),
            params![at, id],
        )?;
        if n == 0 {
            bail!("there is no message {id} in the inbox (`frontdesk inbox` lists them)");
        }
        tx.commit()?;
        Ok(at)
    }
}

/// Now, as stored: RFC 3339 in UTC, to the second.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn row_to_message(r: &rusqlite::Row) -> rusqlite::Result<Message> {
    let fields: String = r.get(6)?;
    Ok(Message {
        id: r.get(0)?,
        source: r.get(1)?,
        form: r.get(2)?,
        received: r.get(3)?,
        name: r.get(4)?,
        email: r.get(5)?,
        fields: serde_json::from_str(&fields).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, e.into())
        })?,
        answered: r.get(7)?,
        acted: r.get(8)?,
    })
}

/// Makes a new store: written whole beside its place and renamed into it, so a store that
/// exists is always a complete one.
fn create(path: &Path) -> Result<()> {
    let folder = path.parent().expect("the store is inside .frontdesk");
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let tmp = folder.join(format!("{FILE}.new-{}", std::process::id()));
    std::fs::remove_file(&tmp).ok();
    let made = (|| -> Result<()> {
        let conn = Connection::open(&tmp)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        conn.pragma_update(None, "user_version", 0)?;
        conn.close().map_err(|(_, e)| e)?;
        Ok(())
    })();
    if let Err(e) = made {
        std::fs::remove_file(&tmp).ok();
        return Err(e).with_context(|| format!("cannot create {}", path.display()));
    }
    // Linked into place, never over a store that appeared meanwhile (another command).
    let linked = std::fs::hard_link(&tmp, path);
    std::fs::remove_file(&tmp).ok();
    match linked {
        Ok(()) => Ok(()),
        Err(_) if path.exists() => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

/// Opens a store that exists and checks that it is ours, whole and not newer than us.
fn open_existing(path: &Path) -> Result<Connection> {
    let shown = path.display();
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .with_context(|| format!("cannot read {shown}"))?;
    if read < 16 || &head != b"SQLite format 3\0" {
        bail!(
            "{shown}: is not an SQLite database (damaged, or another program's file); \
             frontdesk leaves it as it is. Move it away to start a new store, or restore \
             it from a backup"
        );
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open {shown}"))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let damaged = |e: rusqlite::Error| {
        anyhow::anyhow!(
            "{shown}: is damaged ({e}); frontdesk leaves it as it is. Restore it from a \
             backup, or move it away to start a new store"
        )
    };
    let id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(damaged)?;
    if id != APPLICATION_ID {
        bail!(
            "{shown}: is an SQLite database of another program (application id {id:#x}, \
             frontdesk's is {APPLICATION_ID:#x}); frontdesk leaves it as it is. Move it \
             away to let frontdesk make its own store there"
        );
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(damaged)?;
    if check != "ok" {
        bail!(
            "{shown}: is damaged (SQLite's check says: {check}); frontdesk leaves it as it \
             is. Restore it from a backup, or move it away to start a new store"
        );
    }
    Ok(conn)
}

/// Brings the schema to [`VERSION`], all steps in one transaction.
fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > VERSION {
        bail!(
            "{}: was written by a newer frontdesk (store version {version}, this one reads \
             up to {VERSION}); frontdesk leaves it as it is. Update frontdesk",
            path.display()
        );
    }
    if version == VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for step in &MIGRATIONS[version as usize..] {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()
        .with_context(|| format!("{}: could not update the store", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_store_is_ours_and_current_and_reopens() {
        let site = tempfile::tempdir().unwrap();
        let s = Store::open(site.path()).unwrap();
        let id: i32 = s
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        let v: i32 = s
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!((id, v), (APPLICATION_ID, VERSION));
        drop(s);
        Store::open(site.path()).unwrap();
        let left: Vec<_> = std::fs::read_dir(site.path().join(".frontdesk"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, [FILE]);
    }

    #[test]
    fn foreign_damaged_and_newer_stores_are_refused_and_kept() {
        let site = tempfile::tempdir().unwrap();
        let p = path(site.path());
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let check = |want: &str| {
            let before = std::fs::read(&p).unwrap();
            let e = format!("{:#}", Store::open(site.path()).err().expect("refused"));
            assert!(e.contains(want), "{e}");
            assert_eq!(std::fs::read(&p).unwrap(), before, "the file was changed");
        };
        std::fs::write(&p, b"name,email\nAna,ana@example.com\n").unwrap();
        check("is not an SQLite database");
        std::fs::remove_file(&p).unwrap();
        let other = Connection::open(&p).unwrap();
        other
            .execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
        drop(other);
        check("another program");
        std::fs::remove_file(&p).unwrap();
        drop(Store::open(site.path()).unwrap());
        let newer = Connection::open(&p).unwrap();
        newer
            .pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        drop(newer);
        check("newer frontdesk");
        // A store cut short: a valid header, then nothing.
        let whole = std::fs::read(&p).unwrap();
        std::fs::write(&p, &whole[..100]).unwrap();
        check("damaged");
    }

    #[test]
    fn an_older_store_is_migrated() {
        let site = tempfile::tempdir().unwrap();
        let p = path(site.path());
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let old = Connection::open(&p).unwrap();
        old.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        drop(old);
        let s = Store::open(site.path()).unwrap();
        assert!(s.all().unwrap().is_empty());
    }
}
