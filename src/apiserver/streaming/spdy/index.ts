export { SPDY3_DICTIONARY, adler32 } from './dictionary.ts';
export {
  ControlType, encodeFrame, FLAG_FIN, FrameDecoder, GoAwayStatus, MAX_FRAME_PAYLOAD, RstStatus, SPDY_VERSION, type SpdyFrame,
} from './frames.ts';
export {
  decodeHeaderBlock, encodeHeaderBlock, HeaderCompressor, HeaderDecompressor, headerValue, type SpdyHeaders, SpdyProtocolError,
} from './header-block.ts';
export { DEFAULT_WINDOW, SpdySession, type SpdySessionOptions } from './session.ts';
export { SpdyStream } from './stream.ts';
