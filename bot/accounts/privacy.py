"""/profile forget: delete everything the bot keeps about a user, except what limits need.

Deleted: reference images, renders (and their kept sources), gallery images, kept brand kits, transcripts,
briefs, sessions, ratings, studio logins. Kept: monthly credit usage and daily coach-turn counts (without them a
user could reset their limits by asking to be forgotten) and tier settings (they are the operator's, and are audited).
Content-addressed image files are removed only when no other user's record points at the same file.
Every statement finds the user's rows (and the rows naming a file) through an index, so a forget costs what the user
has, not what everyone has.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from bot.references import ReferenceStore
from bot.storage import Database, SessionRepository
from bot.storage.file_names import chunks, named_query


@dataclass(frozen=True)
class ForgetReport:
    references: int
    renders: int
    images: int
    messages: int
    ratings: int
    sessions: int
    logins: int  # studio logins ended: a forgotten user is logged out of every browser
    kits: int = 0  # brand kits whose model-painted art was kept
    kept_kits: int = 0  # brand kits kept as delivered (their ZIPs, sheets and previews)


class PrivacyService:
    def __init__(self, db: Database, sessions: SessionRepository, references: ReferenceStore, images_dir: Path) -> None:
        self._db = db
        self._sessions = sessions
        self._references = references
        self._images = images_dir

    async def forget(self, user_id: int) -> ForgetReport:
        live = await self._sessions.active_for_user(user_id)
        if live is not None:
            # Closed first. An unspent credit comes back like any cancellation, but not once the model was paid
            # for this session: forgetting must not turn into free renders.
            await self._sessions.end(live.id, "cancelled", refund=live.attempts_used == 0)
        references = await self._references.purge_user(user_id)
        files = sorted({row["p"] for row in await self._db.fetchall(
            "SELECT relative_path AS p FROM creations WHERE user_id = ? UNION "
            "SELECT source_path AS p FROM renders WHERE user_id = ? UNION "
            "SELECT a.path AS p FROM brand_kits k JOIN brand_kit_art a ON a.kit_id = k.id WHERE k.user_id = ? UNION "
            "SELECT kf.path AS p FROM kept_kits kk JOIN kept_kit_files kf ON kf.kit_id = kk.id WHERE kk.user_id = ?",
            (user_id, user_id, user_id, user_id))})  # fmt: skip
        async with self._db.transaction() as conn:
            counts = {}
            for name, sql in (
                ("ratings", "DELETE FROM ratings WHERE user_id = ?"),
                ("messages", "DELETE FROM session_messages WHERE session_id IN "
                             "(SELECT id FROM sessions WHERE user_id = ?)"),
                ("images", "DELETE FROM creations WHERE user_id = ?"),
                ("kits", "DELETE FROM brand_kits WHERE user_id = ?"),
                ("kept_kits", "DELETE FROM kept_kits WHERE user_id = ?"),
                ("renders", "DELETE FROM renders WHERE user_id = ?"),
                ("sessions", "DELETE FROM sessions WHERE user_id = ?"),
                ("logins", "DELETE FROM web_logins WHERE user_id = ?"),
            ):  # fmt: skip
                async with conn.execute(sql, (user_id,)) as cur:
                    counts[name] = cur.rowcount
            still_used = set()
            for some in chunks(files):  # identical bytes of another user share the file: keep it for them
                async with conn.execute(*named_query(some)) as cur:
                    still_used |= {row["p"] for row in await cur.fetchall()}
        await asyncio.to_thread(_unlink_all, [self._images / p for p in files if p not in still_used])
        return ForgetReport(references=references, **counts)


def _unlink_all(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
