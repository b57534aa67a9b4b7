export const id = 117;
export const ids = [117];
export const modules = {

/***/ 117:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EventStreamSerde: () => (/* binding */ EventStreamSerde),
/* harmony export */   eventStreamSerdeProvider: () => (/* binding */ eventStreamSerdeProvider)
/* harmony export */ });
/* harmony import */ var _left_out_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(449);

/** Stands in for @smithy/core/event-streams: no IAM Identity Center operation streams events. */
const PKG = '@smithy/core/event-streams';
const REASON = 'no IAM Identity Center operation uses event streams';
const EventStreamSerde = (0,_left_out_js__WEBPACK_IMPORTED_MODULE_0__/* .leftOutClass */ .ik)(PKG, 'EventStreamSerde', REASON);
const eventStreamSerdeProvider = (0,_left_out_js__WEBPACK_IMPORTED_MODULE_0__/* .leftOut */ .ig)(PKG, 'eventStreamSerdeProvider', REASON);


/***/ })

};
