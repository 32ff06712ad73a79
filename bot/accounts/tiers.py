"""Which tier a user has where, and who may change it.

Each source carries a scope, so nobody can raise their own tier by creating a server:
- Discord App Subscriptions (SKU -> tier): a user subscription applies everywhere, a guild subscription only inside
  that guild.
- Roles: only inside guilds listed in ``quota.trusted_guilds``. Without trusted guilds only role *ids* map (an id
  names one role in one server); role *names* are refused at start-up, since anyone can create a role called
  "Studio" in their own server.
- Overrides: bot owners set global ones; a server's managers set ones that apply only inside it, and only when
  ``quota.server_overrides`` is on.
The highest tier any source grants wins. Usage is counted per user across servers (bot.accounts.quota), whatever
the tier.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot.config import TIERS, QuotaSettings, Tier
from bot.storage import Database

GLOBAL = 0  # the scope column's value for a global (owner) override
ActorRole = Literal["owner", "manager"]


# Discord: an entitlement with a guild_id is that server's subscription: it holds for every member there and only
# there, whatever its user_id (the buyer) says; one without a guild_id is the user's own, everywhere.
_APPLIES_HERE = "((guild_id IS NULL AND user_id = ?) OR guild_id = ?)"

@dataclass(frozen=True)
class EntitlementInfo:
    id: int
    sku_id: int
    user_id: int | None
    guild_id: int | None
    starts_at: float | None = None
    ends_at: float | None = None
    deleted: bool = False


@dataclass(frozen=True)
class TierContext:
    """What an interaction says about the user, where it happened."""

    user_id: int
    guild_id: int | None
    role_ids: Sequence[int] = ()
    role_names: Sequence[str] = ()
    entitlements: Sequence[EntitlementInfo] = ()
    # An interaction lists every live entitlement of the user and the guild: those it no longer lists have ended.
    entitlements_complete: bool = False


@dataclass(frozen=True)
class TierDecision:
    tier: Tier
    source: str  # shown to the user: where the tier comes from
    candidates: list[tuple[Tier, str]] = field(default_factory=list)


@dataclass(frozen=True)
class AuditEntry:
    at: float
    actor_id: int | None
    actor_role: str
    guild_id: int | None
    user_id: int
    scope_guild_id: int
    old_tier: str | None
    new_tier: str | None


class OverrideRefused(Exception):
    """The actor may not set this override; ``reason`` is the fact ("owners_only": server overrides are off,
    "not_in_server"), the message says it for a log."""

    def __init__(self, message: str, reason: Literal["owners_only", "not_in_server"]) -> None:
        super().__init__(message)
        self.reason = reason


class TierService:
    def __init__(self, db: Database, settings: QuotaSettings, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock

    def sku_for(self, tier: Tier) -> int | None:
        """The SKU that sells ``tier`` (the lowest-priced mapping is not known here: the first configured)."""
        return next((int(sku) for sku, mapped in self._settings.sku_tiers.items() if mapped == tier), None)

    def upgrade_sku(self, current: Tier) -> int | None:
        """A configured SKU selling a tier above ``current``, preferring the next one up."""
        above = [t for t in TIERS if TIERS.index(t) > TIERS.index(current)]
        return next((sku for t in above if (sku := self.sku_for(t)) is not None), None)

    async def resolve(self, ctx: TierContext) -> TierDecision:
        candidates: list[tuple[Tier, str]] = []
        candidates += await self._from_entitlements(ctx)
        candidates += self._from_roles(ctx)
        candidates += await self._from_overrides(ctx)
        if not candidates:
            return TierDecision("free", "default")
        best = max(candidates, key=lambda c: TIERS.index(c[0]))
        return TierDecision(best[0], best[1], candidates)

    async def _from_entitlements(self, ctx: TierContext) -> list[tuple[Tier, str]]:
        if not self._settings.sku_tiers:
            return []
        now = self._clock()
        for entitlement in ctx.entitlements:
            await self.record_entitlement(entitlement)
        if ctx.entitlements_complete:
            await self._end_unlisted(ctx)
        rows = await self._db.fetchall(
            "SELECT sku_id, user_id, guild_id FROM entitlements WHERE deleted = 0 AND (ends_at IS NULL OR ends_at > ?) "
            f"AND (starts_at IS NULL OR starts_at <= ?) AND {_APPLIES_HERE}",
            (now, now, ctx.user_id, ctx.guild_id if ctx.guild_id is not None else -1),
        )
        found: list[tuple[Tier, str]] = []
        for row in rows:
            tier = self._settings.sku_tiers.get(str(row["sku_id"]))
            if tier is not None:
                where = "this server's Discord subscription" if row["guild_id"] is not None else "Discord subscription"
                found.append((tier, where))
        return found

    def _from_roles(self, ctx: TierContext) -> list[tuple[Tier, str]]:
        trusted = self._settings.trusted_guilds
        if trusted and ctx.guild_id not in trusted:
            return []  # roles count only inside the servers the operator trusts
        found: list[tuple[Tier, str]] = []
        for role_id in ctx.role_ids:
            tier = self._settings.role_tiers.get(str(role_id))
            if tier is not None:
                found.append((tier, "role in this server"))
        if trusted:  # names only ever with trusted servers (start-up refuses names without them)
            for name in ctx.role_names:
                tier = self._settings.role_tiers.get(name)
                if tier is not None:
                    found.append((tier, f"role “{name}” in this server"))
        return found

    async def _from_overrides(self, ctx: TierContext) -> list[tuple[Tier, str]]:
        scopes = [GLOBAL]
        if self._settings.server_overrides and ctx.guild_id is not None:
            scopes.append(ctx.guild_id)
        marks = ", ".join("?" * len(scopes))
        rows = await self._db.fetchall(
            f"SELECT guild_id, tier FROM tier_grants WHERE user_id = ? AND guild_id IN ({marks})",
            (ctx.user_id, *scopes),
        )
        return [(row["tier"], "bot owner override" if row["guild_id"] == GLOBAL else "this server's override")
                for row in rows]  # fmt: skip

    async def set_override(
        self,
        *,
        user_id: int,
        tier: Tier | None,
        actor_id: int,
        actor_role: ActorRole,
        guild_id: int | None,
    ) -> int:
        """Set (or with None remove) an override and audit it; returns the scope (GLOBAL or the guild id).
        Owners set global overrides; managers only their own server's, and only when server overrides are on."""
        if actor_role == "owner":
            scope = GLOBAL
        elif not self._settings.server_overrides:
            raise OverrideRefused(
                "Tiers on this bot are set by its owners (server overrides are off: `quota.server_overrides`).",
                "owners_only",
            )
        elif guild_id is None:
            raise OverrideRefused("Server overrides can only be set inside a server.", "not_in_server")
        else:
            scope = guild_id
        now = self._clock()
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT tier FROM tier_grants WHERE user_id = ? AND guild_id = ?", (user_id, scope)
            ) as cur:
                row = await cur.fetchone()
            old = row["tier"] if row else None
            if tier is None:
                await conn.execute("DELETE FROM tier_grants WHERE user_id = ? AND guild_id = ?", (user_id, scope))
            else:
                await conn.execute(
                    "INSERT INTO tier_grants (user_id, guild_id, tier, set_by, set_at) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (user_id, guild_id) DO UPDATE SET tier = excluded.tier, set_by = excluded.set_by, "
                    "set_at = excluded.set_at",
                    (user_id, scope, tier, actor_id, now),
                )
            await conn.execute(
                "INSERT INTO tier_audit (at, actor_id, actor_role, guild_id, user_id, scope_guild_id, old_tier, "
                "new_tier) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (now, actor_id, actor_role, guild_id, user_id, scope, old, tier),
            )
        return scope

    async def audit(self, *, guild_id: int | None, limit: int = 20) -> list[AuditEntry]:
        """Recent changes, newest first: all of them (guild_id None, for owners) or one server's."""
        where, params = ("", ()) if guild_id is None else ("WHERE scope_guild_id = ?", (guild_id,))
        rows = await self._db.fetchall(
            f"SELECT at, actor_id, actor_role, guild_id, user_id, scope_guild_id, old_tier, new_tier FROM tier_audit "
            f"{where} ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        return [AuditEntry(**dict(row)) for row in rows]

    async def record_entitlement(self, entitlement: EntitlementInfo) -> None:
        await self._db.execute(
            "INSERT INTO entitlements (id, sku_id, user_id, guild_id, starts_at, ends_at, deleted, seen_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET sku_id = excluded.sku_id, "
            "user_id = excluded.user_id, guild_id = excluded.guild_id, starts_at = excluded.starts_at, "
            "ends_at = excluded.ends_at, deleted = excluded.deleted, seen_at = excluded.seen_at",
            (
                entitlement.id, entitlement.sku_id, entitlement.user_id, entitlement.guild_id,
                entitlement.starts_at, entitlement.ends_at, int(entitlement.deleted), self._clock(),
            ),
        )  # fmt: skip

    async def _end_unlisted(self, ctx: TierContext) -> None:
        listed = [e.id for e in ctx.entitlements] or [-1]
        marks = ", ".join("?" * len(listed))
        await self._db.execute(
            f"UPDATE entitlements SET deleted = 1, seen_at = ? WHERE deleted = 0 AND id NOT IN ({marks}) "
            f"AND {_APPLIES_HERE}",
            (self._clock(), *listed, ctx.user_id, ctx.guild_id if ctx.guild_id is not None else -1),
        )

    async def remove_entitlement(self, entitlement_id: int) -> None:
        await self._db.execute("UPDATE entitlements SET deleted = 1, seen_at = ? WHERE id = ?",
                               (self._clock(), entitlement_id))  # fmt: skip
