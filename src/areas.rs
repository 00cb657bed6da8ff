//! NAV-2: the areas of the Benefits workspace, the same in both navigation modes.

use crate::i18n::Text;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Software,
    AzureCloud,
    VisualStudio,
    Technical,
    GoToMarket,
}

impl Area {
    pub const ALL: [Area; 5] = [
        Area::Software,
        Area::AzureCloud,
        Area::VisualStudio,
        Area::Technical,
        Area::GoToMarket,
    ];

    /// The area's path segment under `/benefits/`.
    pub const fn slug(self) -> &'static str {
        match self {
            Area::Software => "software",
            Area::AzureCloud => "azure",
            Area::VisualStudio => "visual-studio",
            Area::Technical => "technical",
            Area::GoToMarket => "go-to-market",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.slug() == slug)
    }

    /// The area's in-app path (see `routing::AppLocation::href` for its URL).
    pub fn path(self) -> String {
        format!("/benefits/{}", self.slug())
    }

    /// Whether its rows open by ID in the URL (`/benefits/azure/1101`).
    pub const fn has_rows(self) -> bool {
        matches!(self, Area::Software | Area::AzureCloud | Area::VisualStudio)
    }

    pub const fn title(self) -> Text {
        match self {
            Area::Software => Text::AreaSoftware,
            Area::AzureCloud => Text::AreaAzure,
            Area::VisualStudio => Text::AreaVisualStudio,
            Area::Technical => Text::AreaTechnical,
            Area::GoToMarket => Text::AreaGoToMarket,
        }
    }

    pub const fn blurb(self) -> Text {
        match self {
            Area::Software => Text::AreaSoftwareBlurb,
            Area::AzureCloud => Text::AreaAzureBlurb,
            Area::VisualStudio => Text::AreaVisualStudioBlurb,
            Area::Technical => Text::AreaTechnicalBlurb,
            Area::GoToMarket => Text::AreaGoToMarketBlurb,
        }
    }
}
