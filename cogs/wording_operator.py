"""The bot's words for the operator's commands (/profile-admin tier, audit, stats, status)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.usecases import (
    GLOBAL,
    AuditShown,
    ModelsShown,
    MonthRefused,
    MonthShown,
    NotAnAdmin,
    TierRefusal,
    TierRefused,
    TierSet,
)

if TYPE_CHECKING:
    from bot.accounts import MonthStats, SpendFigures

NOT_AN_ADMIN = "Only server managers or the bot's owners can see this."


def audit_text(outcome: AuditShown | NotAnAdmin) -> str:
    if isinstance(outcome, NotAnAdmin):
        return NOT_AN_ADMIN
    if not outcome.entries:
        return "No tier changes yet."
    lines = []
    for e in outcome.entries:
        actor = "migration" if e.actor_id is None else f"<@{e.actor_id}> ({e.actor_role})"
        scope = "global" if e.scope_guild_id == GLOBAL else f"server {e.scope_guild_id}"
        lines.append(f"<t:{int(e.at)}:R> {actor}: <@{e.user_id}> {e.old_tier or '—'} → {e.new_tier or 'removed'} "
                     f"({scope})")  # fmt: skip
    return "\n".join(lines)[:1900]


def month_text(outcome: MonthShown | MonthRefused | NotAnAdmin) -> str:
    if isinstance(outcome, NotAnAdmin):
        return NOT_AN_ADMIN
    if isinstance(outcome, MonthRefused):
        if outcome.reason == "bad_month":
            return f"`{outcome.month}` is not a month; use YYYY-MM, e.g. 2026-11"
        return (f"The figures for {outcome.month} took longer than {outcome.seconds:g} s and were stopped. Nobody "
                "else waited for them; try again later, or ask for one server's figures.")  # fmt: skip
    return f"{stats_text(outcome.figures)}\n{spend_text(outcome.spend)}"


def models_text(outcome: ModelsShown | NotAnAdmin) -> str:
    return NOT_AN_ADMIN if isinstance(outcome, NotAnAdmin) else status_text(outcome.models)


def status_text(models: dict[str, str]) -> str:
    return "\n".join([
        f"**Chat model:** {models['chat_model']}",
        f"**Image model:** {models['image_model']}",
        f"**Gemini API version:** {models['api_version']}",
        f"**Configured:** {models['configured']}",
        f"**Chat settings:** {models.get('chat_settings', '—')}",
        f"**Image settings:** {models.get('image_settings', '—')}",
        f"**Over a daily quota:** {models.get('daily_quota_blocked', 'none')}",
        f"**No quota on this key (needs billing):** {models.get('no_quota_on_this_key', 'none')}",
        f"**Listed without a price (not chosen by auto):** {models.get('listed_without_price', 'none')}",
    ])  # fmt: skip


def spend_text(s: SpendFigures) -> str:
    """Gemini spend for the month: estimates from usageMetadata and the configured prices (gemini.prices)."""
    tokens = s.prompt_tokens + s.output_tokens + s.thought_tokens
    models = ", ".join(f"{model} ${cost:.4f}{' (estimate: no price)' if model in s.estimated else ''}"
                       for model, cost in s.by_model.items()) or "none"  # fmt: skip
    return "\n".join([
        f"**Gemini calls:** {s.calls} · {tokens:,} tokens (prompt {s.prompt_tokens:,}, output {s.output_tokens:,}, "
        f"thinking {s.thought_tokens:,}; thinking share {s.thinking_share:.0%}) · {s.images} images",
        f"**Estimated cost:** ${s.cost_usd:.4f} · per session ${s.per_session:.4f} ({s.sessions}) · per render "
        f"${s.per_render:.4f} ({s.renders})",
        f"**By model:** {models}",
    ])  # fmt: skip


def stats_text(s: MonthStats) -> str:
    rating = f"{s.rating_mean:.2f}★ from {s.rating_count}" if s.rating_mean is not None else "no ratings yet"
    failures = ", ".join(f"{kind} {n}" for kind, n in s.failures.items())
    mix = ", ".join(f"{tier} {n}" for tier, n in s.tier_mix.items())
    return "\n".join([
        f"**{s.month}** — {'all servers' if s.guild_id is None else 'this server'}",
        f"**Sessions started:** {s.started} by {s.users} users",
        f"**Completion:** {s.completed} / {s.started} ({s.completion_rate:.0%}) delivered at least one render",
        f"**Renders per session:** {s.renders_per_session:.2f} ({s.renders_fixed} fixed by the self-check)",
        f"**Rating:** {rating}",
        f"**Refunds:** {s.refunds}",
        f"**Failures:** {failures}",
        f"**Tier mix (sessions):** {mix}",
        f"**Users whose tier rose:** {s.tier_rose}",
    ])  # fmt: skip


def tier_set(outcome: TierSet | TierRefused) -> str:
    """/profile-admin tier's answer."""
    if isinstance(outcome, TierRefused):
        return {
            TierRefusal.NOT_ADMIN: "Only server managers or the bot's owners can change tiers.",
            TierRefusal.OWNERS_ONLY: "Tiers on this bot are set by its owners (server overrides are off: "
                                     "`quota.server_overrides`).",
            TierRefusal.NOT_IN_SERVER: "Server overrides can only be set inside a server.",
        }[outcome.reason]  # fmt: skip
    where = "everywhere (global)" if outcome.everywhere else "in this server only"
    change = "removed" if outcome.tier is None else f"set to **{outcome.tier}**"
    return (f"Override for <@{outcome.user_id}> {change}, {where}. Their tier here is now **{outcome.effective.tier}** "
            f"({outcome.effective.source}). The change is in /profile-admin audit.")  # fmt: skip
