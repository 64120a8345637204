from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "openqi.recognition"
    label = "recognition"

    def ready(self) -> None:
        # lazy: the digest source imports this app's models, which load only once the registry is ready.
        from openqi.core.dashboard_tiles import TileSpec, tile_register  # lazy: as above
        from openqi.ideas.extensions import register_campaign_panel  # lazy: as above
        from openqi.organisations.digest import digest_section_register  # lazy: as above
        from openqi.recognition.campaign_panel import campaign_panel  # lazy: as above
        from openqi.recognition.dashboard import champions_tiles  # lazy: as above
        from openqi.recognition.digest import award_winners  # lazy: as above

        digest_section_register("winners", "Award winners", award_winners, order=30)
        register_campaign_panel(campaign_panel)
        tile_register(TileSpec("champions", "Champions", "People and capability", 10, many=champions_tiles))
