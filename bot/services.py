"""Everything the Discord layer uses, built from settings; no Discord imports here."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.accounts import (
    CoachAllowance,
    HeavyRate,
    ModelSpend,
    OperatorStats,
    PrivacyService,
    QuotaService,
    RatingStore,
    TierService,
    WebLogins,
)
from bot.coach import CoachService
from bot.config import ConfigError, Settings, SpendLimits
from bot.design import worker as design_worker
from bot.gallery import GalleryStore, KitArchive, KitStore
from bot.gallery.orphans import OrphanFiles
from bot.observability import Metrics
from bot.providers import GeminiProvider, OfflineProvider
from bot.references import ReferenceStore, UntrustedImages
from bot.render import GenerationService, KitArtist, RenderFiles, RenderStore
from bot.sessions import SessionLifecycle, SessionLocks
from bot.storage import Database, SessionRepository, open_database
from bot.storage.liveness import Liveness
from bot.storage.model_memory import ModelMemoryStore

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    db: Database
    quota: QuotaService
    sessions: SessionRepository
    gallery: GalleryStore
    renders: RenderStore
    coach: CoachService
    generation: GenerationService
    # Exports, the SVG and the platform pack: a render's files again from its kept source, no model call.
    files: RenderFiles
    # Brand kits: the model's wide art (Gemini mode) and the art kept per render, so a kit is painted once.
    kit_art: KitArtist
    kits: KitStore
    # Every kit made, kept as delivered (ZIP, sheet, preview): the gallery gives it again as it was.
    kit_archive: KitArchive
    lifecycle: SessionLifecycle
    provider: GeminiProvider | OfflineProvider
    allowance: CoachAllowance
    tiers: TierService
    ratings: RatingStore
    stats: OperatorStats
    # Every Gemini call's tokens and estimated cost; the day's cap (gemini.daily_budget_usd).
    spend: ModelSpend
    metrics: Metrics
    references: ReferenceStore
    privacy: PrivacyService
    # One turn or render at a time per session, whichever front end (bot or studio) asks.
    locks: SessionLocks
    # Export, pack and gallery pages re-encode images: a per-user rate keeps one fast clicker from queueing work.
    heavy: HeavyRate
    # Untrusted images (references) are decoded in worker processes, never in the renders' executor.
    untrusted: UntrustedImages
    # The studio's sign-ins (hosted mode): tokens kept server-side, so logout and forget end them everywhere.
    logins: WebLogins

    def spend_for(self, tier: str) -> SpendLimits:
        return self.settings.quota.spend_for(tier)

    async def take_coach_turn(self, user_id: int, tier: str) -> bool:
        """One of today's coach turns for this tier; False when they are used up."""
        return await self.allowance.take(user_id, self.spend_for(tier).coach_turns_per_day)

    async def out_of_coach_turns(self, user_id: int, tier: str) -> bool:
        """Today's coach turns are used up (read only: checked before any work a turn would need)."""
        return await self.allowance.used_today(user_id) >= self.spend_for(tier).coach_turns_per_day

    @classmethod
    async def create(cls, settings: Settings) -> Services:
        db = await open_database(settings.storage.url, settings.database_path)
        provider: GeminiProvider | OfflineProvider
        if settings.gemini_api_key is not None:
            # What the fleet learned about the models (settings, models this key cannot use) lives in the database.
            provider = GeminiProvider(settings.gemini, settings.gemini_api_key.get_secret_value(),
                                      memory=ModelMemoryStore(db))  # fmt: skip
            try:  # one real call at start: the key is accepted and the models exist, before any user's turn
                models = await provider.prepare()
            except BaseException:
                await provider.aclose()
                await db.close()
                raise
            log.info("using Gemini %s: chat %s, image %s", settings.gemini.api_version, models["chat"], models["image"])
        else:
            provider = OfflineProvider()
            log.warning("GEMINI_API_KEY is not set: running the offline coach and the offline design engine")
        # Offline renders, backdrops, SVG and packs rasterise there: ready before the first.
        design_worker.warm(("bot.providers.offline_render", "bot.render.design_files"))
        metrics = Metrics(enabled=settings.metrics.port > 0)
        metrics.watch_design_workers(design_worker.stats)
        spend = ModelSpend(db, settings.gemini.prices, settings.gemini.daily_budget_usd, metrics)
        if isinstance(provider, GeminiProvider):
            provider.on_usage = spend.record
            provider.budget = spend.check_budget
        sessions = SessionRepository(db, metrics=metrics)
        await sessions.load_live_threads()
        gallery = GalleryStore(db, settings.images_dir)
        renders = RenderStore(db)
        references = ReferenceStore(db, settings.references_dir)
        # A process counts as alive for three sweep periods (at least 30 s) after its last heartbeat.
        liveness = Liveness(db, sessions.holder, max(3 * settings.sessions.sweep_interval_seconds, 30.0))
        generation = GenerationService(
            sessions,
            gallery,
            renders,
            provider,
            settings.sessions.max_concurrent_generations,
            settings.quota.renders_per_credit,
            settings.quota,
            metrics,
            references,
            settings.generation,
            # A key whose tier has no image model (image models need billing): the offline design engine draws.
            fallback=OfflineProvider() if isinstance(provider, GeminiProvider) else None,
        )
        services = cls(
            settings=settings,
            db=db,
            quota=QuotaService(db, settings.quota),
            sessions=sessions,
            gallery=gallery,
            renders=renders,
            coach=CoachService(sessions, provider, metrics, references, settings.coach.max_turns),
            generation=generation,
            files=RenderFiles(sessions, gallery, offline=provider.offline),
            kit_art=KitArtist(provider, generation.slots, settings.generation.self_check_timeout_seconds, metrics),
            kits=KitStore(db, gallery),
            kit_archive=KitArchive(db, gallery),
            lifecycle=SessionLifecycle(
                sessions,
                gallery,
                settings.sessions,
                references=references,
                liveness=liveness,
                orphans=OrphanFiles(db, settings.images_dir, settings.references_dir),
            ),
            provider=provider,
            allowance=CoachAllowance(db),
            tiers=TierService(db, settings.quota),
            ratings=RatingStore(db),
            stats=OperatorStats(db),
            spend=spend,
            metrics=metrics,
            references=references,
            privacy=PrivacyService(db, sessions, references, settings.images_dir),
            # Each decode may cost a worker seconds of CPU: a per-user rate, as for the heavy buttons.
            untrusted=UntrustedImages(allow=HeavyRate(per_minute=6, burst=4).allow),
            heavy=HeavyRate(),
            logins=WebLogins(db),
            locks=SessionLocks(db.advisory_lock if getattr(db, "dialect", "") == "postgres" else None),
        )
        if settings.metrics.port:
            try:
                metrics.serve(settings.metrics.port, settings.metrics.address)
            except OSError as exc:
                await services.close()
                raise ConfigError(
                    f"config key `metrics.port`: cannot listen on {settings.metrics.address}:{settings.metrics.port} "
                    f"({exc.strerror or exc})"
                ) from None
        return services

    async def close(self) -> None:
        try:  # a clean stop frees this process's claims at once (a crash's lapse after the heartbeat period)
            await self.lifecycle.stop()
        except Exception:  # the database may already be gone; the heartbeat then lapses by itself
            log.warning("could not clear this process's heartbeat", exc_info=True)
        await self.coach.aclose()
        self.untrusted.close()
        self.metrics.close()
        if isinstance(self.provider, GeminiProvider):
            await self.provider.aclose()
        await self.db.close()
