// Private to cli: a bounded queue between one producer and one consumer
// thread, so reading and parsing a file overlaps with writing it.
#ifndef SIJIL_CLI_BOUNDED_QUEUE_H_
#define SIJIL_CLI_BOUNDED_QUEUE_H_

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace sijil::cli {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}

  // Blocks while the queue is full. Returns false (dropping `item`) once the
  // queue was closed by the consumer.
  bool Push(T item) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Marks the end of input: Pop returns nullopt once the queue drains.
  void Finish() {
    std::lock_guard<std::mutex> lock(mu_);
    finished_ = true;
    not_empty_.notify_all();
  }

  // Stops the producer: its pending and future Push calls return false.
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    not_full_.notify_all();
  }

  // Blocks until an item is available or the producer finished.
  std::optional<T> Pop() {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty() || finished_; });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<T> items_;    // guarded by mu_
  bool finished_ = false;  // guarded by mu_
  bool closed_ = false;    // guarded by mu_
};

}  // namespace sijil::cli

#endif  // SIJIL_CLI_BOUNDED_QUEUE_H_
