/** XML namespaces of the XLIFF versions and modules the exchange writes and reads. */
export const XLIFF12_NS = 'urn:oasis:names:tc:xliff:document:1.2';
/** XLIFF 2.0 and 2.1 share the core namespace; `xliff@version` tells them apart. */
export const XLIFF20_NS = 'urn:oasis:names:tc:xliff:document:2.0';
/** XLIFF 2 Translation Candidates module (`mtc:matches`). */
export const MATCHES_NS = 'urn:oasis:names:tc:xliff:matches:2.0';
/** XLIFF 2 Metadata module (`mda:metadata`): where the export records what the locale file held. */
export const METADATA_NS = 'urn:oasis:names:tc:xliff:metadata:2.0';
/** `mda:metaGroup@category` of our metadata and the 1.2 `trans-unit@extradata` prefix. */
export const WRITTEN_CATEGORY = 'jfid-translate';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
