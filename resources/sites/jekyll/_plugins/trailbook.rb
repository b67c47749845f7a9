# frozen_string_literal: true

# Trailbook's small additions to Jekyll. They live in the site, so it builds the same with the Jekyll on your machine
# and on GitHub Actions, with no extra gems.

require "time"
require "kramdown-parser-gfm"

module Kramdown
  module Parser
    # GitHub-flavoured Markdown without kramdown's $$…$$ math: Trailbook turns TeX into MathML before it writes a
    # post, so any $$ left in the text is just text (as it is on GitHub and in Hugo). Used via `kramdown.input`.
    class TrailbookGFM < GFM
      def initialize(source, options)
        super
        @block_parsers.delete(:block_math)
        @span_parsers.delete(:inline_math)
      end
    end
  end
end

module Trailbook
  FRONT_MATTER = /\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$/m.freeze
  DATE_WITH_OFFSET = /^date:[ \t]*["']?(\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?[ \t]*(?:Z|[+-]\d\d:?\d\d))["']?[ \t]*$/.freeze

  # The date as the writer wrote it: Jekyll converts every date to the site's timezone (UTC), which would show a post
  # written at 00:30 on 2 May in Paris as 1 May. `local_date` keeps the offset from the front matter.
  def self.local_date(post)
    front_matter = File.read(post.path, encoding: "UTF-8")[FRONT_MATTER, 1]
    raw = front_matter && front_matter[DATE_WITH_OFFSET, 1]
    raw ? Time.parse(raw) : post.date
  rescue ArgumentError, SystemCallError
    post.date
  end

  Jekyll::Hooks.register :site, :post_read do |site|
    # Posts with `draft: true` stay unpublished (Jekyll itself only knows the _drafts folder); --drafts shows them.
    site.posts.docs.reject! { |post| post.data["draft"] == true } unless site.config["show_drafts"]
    site.posts.docs.each do |post|
      post.data["local_date"] = local_date(post)
      # jekyll-seo-tag makes og:image and the large social card from `image`; Trailbook writes a list, `images`.
      images = post.data["images"]
      post.data["image"] ||= images.first if images.is_a?(Array) && images.first.is_a?(String) && !images.first.empty?
    end
  end

  # Root-relative links in posts ("/assets/images/<slug>/plot.png") get the site's baseurl, so the same Markdown works
  # on a project page (https://you.github.io/blog/) and on your own domain. Links that already have it are left alone.
  URL_ATTRIBUTE = %r{(\s(?:src|href|poster)\s*=\s*["'])/(?!/)}.freeze

  Jekyll::Hooks.register :posts, :post_convert do |post|
    base = post.site.config["baseurl"].to_s.chomp("/")
    next if base.empty?

    post.content = post.content.gsub(URL_ATTRIBUTE) do |match|
      rest = Regexp.last_match.post_match
      rest.start_with?("#{base[1..]}/") ? match : "#{Regexp.last_match(1)}#{base}/"
    end
  end

  # A page per tag at /tags/<slug>/, listing its posts with the `tag` layout. "données" becomes /tags/donnees/.
  class TagPage < Jekyll::PageWithoutAFile
    def initialize(site, tag, slug)
      super(site, site.source, File.join("tags", slug), "index.html")
      data["layout"] = "tag"
      data["title"] = "Posts tagged “#{tag}”"
      data["tag"] = tag
      data["description"] = "Posts tagged “#{tag}” on #{site.config["title"]}."
    end
  end

  class TagPages < Jekyll::Generator
    safe true
    priority :low

    def generate(site)
      site.tags.each_key do |tag|
        slug = Jekyll::Utils.slugify(tag.to_s, mode: "latin")
        site.pages << TagPage.new(site, tag, slug) unless slug.empty?
      end
    end
  end
end
