<?php
// Router for PHP's built-in web server (`php -S 127.0.0.1:PORT router.php`), started by
// ci/wiki-up.sh. It gives the wiki Wikipedia's URL layout: /wiki/Title for articles and /w/ for
// MediaWiki's entry points and static assets. The document root (-t) is DIR/htdocs, which holds
// one symlink, w -> /usr/share/mediawiki; MW_CONFIG_FILE (environment) names DIR/LocalSettings.php.

$path = parse_url( $_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH );
if ( !is_string( $path ) || $path === '' ) {
	$path = '/';
}
$mwDir = realpath( $_SERVER['DOCUMENT_ROOT'] . '/w' );

/** Run one MediaWiki entry point (index.php, api.php, ...) as if the server had found it. */
function cujoRunEntryPoint( string $mwDir, string $script ): bool {
	$_SERVER['SCRIPT_NAME'] = '/w/' . $script;
	$_SERVER['PHP_SELF'] = '/w/' . $script;
	$_SERVER['SCRIPT_FILENAME'] = $mwDir . '/' . $script;
	chdir( $mwDir );
	require $mwDir . '/' . $script;
	return true;
}

if ( $path === '/' ) {
	header( 'Location: /wiki/Main_Page', true, 301 );
	return true;
}
if ( $path === '/favicon.ico' ) {
	header( 'Location: /w/resources/assets/wiki.png', true, 301 );
	return true;
}
if ( $path === '/wiki' || strncmp( $path, '/wiki/', 6 ) === 0 ) {
	// MediaWiki's PathRouter maps /wiki/Title to the title through $wgArticlePath.
	return cujoRunEntryPoint( $mwDir, 'index.php' );
}
if ( preg_match( '#^/w/([a-z_]+\.php)(/.*)?$#', $path, $m ) ) {
	if ( !is_file( $mwDir . '/' . $m[1] ) ) {
		http_response_code( 404 );
		return true;
	}
	if ( isset( $m[2] ) ) {
		$_SERVER['PATH_INFO'] = $m[2];
	}
	return cujoRunEntryPoint( $mwDir, $m[1] );
}
if ( strncmp( $path, '/w/', 3 ) === 0 && strpos( $path, '..' ) === false
	&& preg_match( '#\.(css|js|png|svg|gif|jpe?g|ico|woff2?|ttf|json)$#', $path )
	&& is_file( $_SERVER['DOCUMENT_ROOT'] . $path )
) {
	// A static asset (skins, resources): the built-in server serves it from the document root.
	return false;
}
http_response_code( 404 );
header( 'Content-Type: text/plain; charset=utf-8' );
echo "Not found\n";
return true;
