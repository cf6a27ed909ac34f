package io.restis.realtime;

/**
 * Who may send page views for a site. The hook the security layer fills in: a page cannot send
 * headers with a beacon, so tracker.js passes its {@code data-token} as the {@code token} query
 * parameter and this decides. The default admits every view.
 */
@FunctionalInterface
public interface TrackerAccess {

  TrackerAccess OPEN = (site, token, origin) -> true;

  /**
   * @param site the site id from the path
   * @param token the {@code token} query parameter, null when absent
   * @param origin the page's Origin header, null when absent
   */
  boolean admits(String site, String token, String origin);
}
