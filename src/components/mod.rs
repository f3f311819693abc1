//! Reusable pieces of pages.

mod article_card;
mod article_list;
mod bookmark_button;
mod comments;
mod connection;
mod contact_block;
mod copyright_notice;
mod feed_problem;
mod issue_cover;
mod rating_widget;
mod read_also;
mod reading_tools;
mod side_column;
mod site_footer;
mod site_header;
mod source_box;
mod status;
mod theme_toggle;

pub use article_card::ArticleCard;
pub use article_list::ArticleList;
pub use bookmark_button::BookmarkButton;
pub use comments::Comments;
pub use connection::ConnectionStatus;
pub use contact_block::ContactBlock;
pub use copyright_notice::CopyrightNotice;
pub use feed_problem::FeedProblem;
pub use issue_cover::{IssueCover, issue_meta};
pub use rating_widget::RatingWidget;
pub use read_also::ReadAlso;
pub use reading_tools::ReadingTools;
pub use side_column::SideColumn;
pub use site_footer::SiteFooter;
pub use site_header::SiteHeader;
pub use source_box::SourceBox;
pub use status::{Loading, StorageNotice};
pub use theme_toggle::ThemeToggle;
